using System.Buffers;
using System.Globalization;
using MiniStore.Protocol;
using MiniStore.Server.Connections;

namespace MiniStore.Server.Diagnostics;

/// <summary>
/// MONITOR: every command a client runs is shown to the monitoring connections, in Redis's format
/// <c>+1700000000.123456 [0 127.0.0.1:5555] "SET" "k" "v"</c>, through each monitor's outbox. With no monitor the
/// request path pays one volatile read.
/// </summary>
internal sealed class MonitorFeed(TimeProvider time)
{
    private readonly Lock _gate = new();
    private Session[] _monitors = [];

    public bool IsActive => Volatile.Read(ref _monitors).Length > 0;

    public void Add(Session monitor)
    {
        lock (_gate)
        {
            _monitors = [.. _monitors, monitor];
        }
    }

    public void Remove(Session monitor)
    {
        lock (_gate)
        {
            _monitors = [.. _monitors.Where(m => m != monitor)];
        }
    }

    /// <summary>Shows <paramref name="request"/>, run by <paramref name="source"/>, to every monitor.</summary>
    public void Feed(Session source, in Request request)
    {
        var monitors = Volatile.Read(ref _monitors);
        if (monitors.Length == 0)
        {
            return;
        }

        var text = new ArrayBufferWriter<byte>(64);
        var now = time.GetUtcNow();
        var micros = now.ToUnixTimeMilliseconds() * 1000 + (now.Ticks / 10 % 1000);
        WriteAscii(text, string.Create(CultureInfo.InvariantCulture, $"{micros / 1_000_000}.{micros % 1_000_000:D6} [0 {source.Remote}]"));
        WriteQuoted(text, request.Name);
        for (var i = 0; i < request.ArgumentCount; i++)
        {
            WriteQuoted(text, request[i]);
        }

        foreach (var monitor in monitors)
        {
            var delivered = monitor.IsResp
                ? monitor.Outbox!.TryAppend("+"u8, text.WrittenSpan, "\r\n"u8)
                : monitor.Outbox!.TryAppend(default, text.WrittenSpan, "\n"u8);
            if (!delivered)
            {
                monitor.Kill("monitor output over its limit");
            }
        }
    }

    private static void WriteAscii(ArrayBufferWriter<byte> text, string value)
    {
        var span = text.GetSpan(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            span[i] = (byte)value[i];
        }

        text.Advance(value.Length);
    }

    /// <summary>A space, then the argument quoted as Redis shows it.</summary>
    private static void WriteQuoted(ArrayBufferWriter<byte> text, ReadOnlySpan<byte> argument)
    {
        text.Write(" "u8);
        DisplayQuoting.Write(argument, text);
    }
}
