namespace MiniStore.Fuzz;

/// <summary>A fuzz target's invariant does not hold: AFL++ records the input as a crash, the CI step fails with it.</summary>
public sealed class InvariantViolationException : Exception
{
    public InvariantViolationException(string message)
        : base(message)
    {
    }

    public InvariantViolationException()
    {
    }

    public InvariantViolationException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvariantViolationException(what);
        }
    }
}
