using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Chat.Hosting;

namespace Orleans.Chat.Grains.Tests.Unit;

public sealed class UserGrainCollectionTests
{
    [Theory]
    [InlineData(null, 2)]
    [InlineData("00:10:00", 10)]
    public void The_user_grains_collection_age_is_Presence_UserIdleLifetime(string? configured, int expectedMinutes)
    {
        var settings = configured is null ? [] : new Dictionary<string, string?> { ["Presence:UserIdleLifetime"] = configured };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddChatGrainOptions(configuration).BuildServiceProvider();

        var collection = provider.GetRequiredService<IOptions<GrainCollectionOptions>>().Value;

        Assert.Equal(TimeSpan.FromMinutes(expectedMinutes), collection.ClassSpecificCollectionAge["Orleans.Chat.Grains.UserGrain"]);
    }
}
