using MiniStore.Core;

namespace MiniStore.Server.Tests;

public sealed class EvictionPolicyNamesTests
{
    [Fact]
    public void Policy_names_parse_like_Redis()
    {
        foreach (var policy in Enum.GetValues<EvictionPolicy>())
        {
            Assert.True(EvictionPolicyNames.TryParse(policy.ToName().ToUpperInvariant(), out var parsed));
            Assert.Equal(policy, parsed);
        }

        Assert.False(EvictionPolicyNames.TryParse("volatile-lru", out _));
        Assert.False(EvictionPolicyNames.TryParse(null, out _));
    }
}
