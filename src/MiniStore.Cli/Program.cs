using MiniStore.Cli;

// The first Ctrl-C ends what is running (a SUBSCRIBE's message loop) and lets the client close cleanly; a second
// one, no longer cancelled, stops the process at once.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (!interrupt.IsCancellationRequested)
    {
        e.Cancel = true;
        interrupt.Cancel();
    }
};

return await CliApp.RunAsync(args, Console.In, Console.Out, Console.Error, cancellationToken: interrupt.Token);
