using System.Diagnostics;
using System.Globalization;

namespace MiniStore.LoadTest;

/// <summary>A live <c>SET: 120000/200000 85123 req/s</c> line, rewritten in place twice a second (terminals only).</summary>
internal sealed class ProgressLine : IDisposable
{
    private readonly TextWriter _output;
    private readonly string _name;
    private readonly LoadPhase _phase;
    private readonly long? _total;
    private readonly PeriodicTimer _timer = new(TimeSpan.FromMilliseconds(500));
    private readonly Task _loop;
    private readonly long _started = Stopwatch.GetTimestamp();

    public ProgressLine(TextWriter output, string name, LoadPhase phase, long? total)
    {
        _output = output;
        _name = name;
        _phase = phase;
        _total = total;
        _loop = Task.Run(LoopAsync);
    }

    public void Dispose()
    {
        _timer.Dispose();
        _loop.Wait();
        _output.Write("\r" + new string(' ', 72) + "\r");
        _output.Flush();
    }

    private async Task LoopAsync()
    {
        while (await _timer.WaitForNextTickAsync().ConfigureAwait(false))
        {
            var done = _phase.Completed;
            var rate = done / Stopwatch.GetElapsedTime(_started).TotalSeconds;
            var of = _total is { } total ? "/" + total.ToString(CultureInfo.InvariantCulture) : string.Empty;
            _output.Write(string.Create(CultureInfo.InvariantCulture, $"\r{_name}: {done}{of} requests, {rate:0} req/s, errors {_phase.Errors}   "));
            _output.Flush();
        }
    }
}
