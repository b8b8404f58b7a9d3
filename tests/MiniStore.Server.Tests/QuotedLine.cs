namespace MiniStore.Server.Tests;

/// <summary>
/// An independent decoder of a quoted reply line (protocol.md A.1 escapes), so server tests do not
/// trust the protocol library they are testing.
/// </summary>
public static class QuotedLine
{
    public static byte[] Decode(string line)
    {
        if (line.Length < 2 || line[0] != '"' || line[^1] != '"')
        {
            return System.Text.Encoding.Latin1.GetBytes(line);
        }

        var bytes = new List<byte>();
        for (var i = 1; i < line.Length - 1; i++)
        {
            var c = line[i];
            if (c != '\\')
            {
                bytes.Add((byte)c);
                continue;
            }

            var e = line[++i];
            switch (e)
            {
                case 'n': bytes.Add((byte)'\n'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case 'b': bytes.Add((byte)'\b'); break;
                case 'a': bytes.Add((byte)'\a'); break;
                case '0': bytes.Add(0); break;
                case 'x':
                    bytes.Add(Convert.ToByte(line.Substring(i + 1, 2), 16));
                    i += 2;
                    break;
                default: bytes.Add((byte)e); break;
            }
        }

        return bytes.ToArray();
    }
}
