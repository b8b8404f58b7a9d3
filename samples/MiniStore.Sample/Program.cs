using MiniStore.Sample;

// HTTP on 5080, the cache on 6380 (redis-cli -p 6380 -a sample-password PING): one process.
await SampleApp.Build(args).App.RunAsync();
