using System.Buffers;
using System.Text;
using MiniStore.Protocol;

namespace MiniStore.Cli;

/// <summary>
/// Splits what the user typed into arguments with the server's own line parser (protocol.md A.1), so quoting
/// works the same at the prompt as on the wire: <c>SET k "two words\n"</c>, <c>'it''s'</c>, <c>\xHH</c>.
/// </summary>
public static class LineSplitter
{
    /// <returns>The arguments (empty for a blank line), or null for unbalanced quotes.</returns>
    public static IReadOnlyList<ReadOnlyMemory<byte>>? Split(string line)
    {
        ArgumentNullException.ThrowIfNull(line);

        // The leading blank keeps a line that starts with '*' from being read as a RESP frame.
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(" " + line + "\n"));
        var reader = new RequestReader(RequestReader.MaxRequestBytesLimit);
        var status = reader.TryRead(ref buffer, out var request, out _);
        if (status == ReadStatus.NeedMoreData)
        {
            return [];
        }

        if (status != ReadStatus.Request)
        {
            return null;
        }

        var arguments = new ReadOnlyMemory<byte>[request.ArgumentCount + 1];
        arguments[0] = request.Name.ToArray();
        for (var i = 0; i < request.ArgumentCount; i++)
        {
            arguments[i + 1] = request[i].ToArray();
        }

        return arguments;
    }
}
