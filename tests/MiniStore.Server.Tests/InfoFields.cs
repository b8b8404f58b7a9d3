namespace MiniStore.Server.Tests;

/// <summary>Parses the line protocol's INFO reply: space-separated name=value pairs.</summary>
public static class InfoFields
{
    public static Dictionary<string, string> Parse(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1]);

    public static long Long(this Dictionary<string, string> info, string name) => long.Parse(info[name], System.Globalization.CultureInfo.InvariantCulture);
}
