using System.Text;

namespace MiniStore.Protocol;

/// <summary>
/// One row of <see cref="CommandTable"/>: everything the server, the client and COMMAND INFO/DOCS know about a command
/// or subcommand. Arity is Redis's: the argument count including the name, negative for "at least".
/// </summary>
public sealed class CommandSpec
{
    internal CommandSpec(
        CommandId id,
        string name,
        int arity,
        CommandTraits flags,
        string categories,
        string group,
        string summary,
        string since,
        string complexity,
        (int First, int Last, int Step) keys = default,
        int maxArguments = int.MaxValue,
        CommandSpec[]? subcommands = null,
        LineReply lineReply = LineReply.Status)
    {
        LineReply = lineReply;
        Id = id;
        Name = name;
        NameBytes = Encoding.ASCII.GetBytes(name);
        Arity = arity;
        Flags = flags;
        AclCategories = categories.Length == 0 ? [] : categories.Split(' ');
        Group = group;
        Summary = summary;
        Since = since;
        Complexity = complexity;
        (FirstKey, LastKey, KeyStep) = keys;
        MinArguments = Math.Abs(arity) - 1;
        MaxArguments = arity > 0 ? arity - 1 : maxArguments;
        Subcommands = subcommands ?? [];
        foreach (var sub in Subcommands)
        {
            sub.Container = this;
        }
    }

    public CommandId Id { get; }

    /// <summary>Lower case, as COMMAND INFO and CLIENT LIST show it; a subcommand's is its own word (<c>list</c>).</summary>
    public string Name { get; }

    /// <summary><see cref="Name"/> as ASCII bytes.</summary>
    public ReadOnlyMemory<byte> NameBytes { get; }

    /// <summary><c>client|list</c> for a subcommand, the name otherwise.</summary>
    public string FullName => Container is null ? Name : $"{Container.Name}|{Name}";

    public int Arity { get; }

    /// <summary>Arguments after the name (a subcommand's after its own word), at least.</summary>
    public int MinArguments { get; }

    /// <summary>At most; tighter than Redis's arity where Redis checks in the command itself (PING takes one).</summary>
    public int MaxArguments { get; }

    public CommandTraits Flags { get; }

    public IReadOnlyList<string> AclCategories { get; }

    public string Group { get; }

    public string Summary { get; }

    public string Since { get; }

    public string Complexity { get; }

    /// <summary>Redis's key positions: the first and last key argument (1 is the first argument, -1 the last) and the step; 0 0 0 for none.</summary>
    public int FirstKey { get; }

    public int LastKey { get; }

    public int KeyStep { get; }

    public IReadOnlyList<CommandSpec> Subcommands { get; }

    /// <summary>What a bare line in the line dialect answers for this command (a client reading replies needs it).</summary>
    public LineReply LineReply { get; }

    public CommandSpec? Container { get; private set; }

    public bool Has(CommandTraits flag) => (Flags & flag) != 0;

    /// <summary>Whether <paramref name="argumentCount"/> arguments (after the name) suit this command.</summary>
    public bool AcceptsArgumentCount(int argumentCount) => argumentCount >= MinArguments && argumentCount <= MaxArguments;

    /// <summary>The subcommand named <paramref name="word"/> (any case), or null.</summary>
    public CommandSpec? FindSubcommand(ReadOnlySpan<byte> word)
    {
        foreach (var sub in Subcommands)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(word, sub.NameBytes.Span))
            {
                return sub;
            }
        }

        return null;
    }
}
