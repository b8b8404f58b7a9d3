using MiniStore.LoadTest;

// The progress line rewrites itself with '\r': only worth it on a terminal, noise in a file or a pipe.
return await LoadTestApp.RunAsync(args, Console.Out, Console.Error, showProgress: !Console.IsOutputRedirected);
