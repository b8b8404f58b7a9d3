using BenchmarkDotNet.Running;
using MiniStore.Benchmarks.Store;

// Two measurements are not BenchmarkDotNet runs: retained memory and expiry lateness on the real clock.
switch (args)
{
    case ["--bytes-per-key"]:
        StoreBytesPerKey.Run();
        return;
    case ["--expiry-lateness", ..]:
        StoreExpiryLateness.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3);
        return;
}

// BenchmarkSwitcher so one binary serves every class: --filter '*Store*', --list flat, etc.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
