using MiniStore.Fuzz;
using SharpFuzz;

// One fuzz target per run, named on the command line; AFL++ feeds inputs through SharpFuzz's forkserver.
// Usage: MiniStore.Fuzz <target>        (under afl-fuzz, see fuzz/run.sh)
//        MiniStore.Fuzz <target> <file>  (replay one input, e.g. a crash, outside AFL++)
if (args.Length is < 1 or > 2 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    await Console.Error.WriteLineAsync($"usage: MiniStore.Fuzz <{string.Join('|', FuzzTargets.All.Keys)}> [input-file]");
    return 2;
}

if (args.Length == 2)
{
    target(File.ReadAllBytes(args[1]));
    Console.WriteLine("ok: every invariant held");
    return 0;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var memory = new MemoryStream();
    stream.CopyTo(memory);
    target(memory.ToArray());
});
return 0;
