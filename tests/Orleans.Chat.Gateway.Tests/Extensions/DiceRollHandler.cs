using System.Text.Json;
using Orleans.Chat.Gateway.Extensions;

namespace Orleans.Chat.Gateway.Tests.Extensions;

/// <summary>
/// The README's sample app event: "dice-roll" <c>{ sides? }</c> answers <c>{ success, value, userId }</c>
/// with a roll for the connection's user; a bad <c>sides</c> is the app's own error.
/// </summary>
public sealed class DiceRollHandler : IChatEventHandler
{
    public ValueTask<ChatEventResult> HandleAsync(ChatEventContext context, CancellationToken cancellationToken)
    {
        var sides = 6;
        if (context.Payload.ValueKind == JsonValueKind.Object && context.Payload.TryGetProperty("sides", out var value)
            && (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out sides) || sides is < 2 or > 100))
        {
            return ValueTask.FromResult(ChatEventResult.Fail("invalid_sides", "sides must be 2 to 100"));
        }

        var roll = Random.Shared.Next(1, sides + 1);
        return ValueTask.FromResult(ChatEventResult.Ok(new { value = roll, userId = context.UserId }));
    }
}
