using BenchmarkDotNet.Running;

// BenchmarkSwitcher so one binary serves every class: --filter '*Store*', --list flat, etc.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
