using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Samples.RoomBot;

/// <summary>Section "Bot": the room the bot lives in and what it says on arrival.</summary>
public sealed class RoomBotOptions
{
    public const string SectionName = "Bot";

    [Required]
    public string RoomId { get; set; } = "lobby";

    /// <summary>The name given to the room when the bot creates it.</summary>
    public string? RoomName { get; set; }

    /// <summary>Posted once the bot listens; nothing when empty.</summary>
    public string? Greeting { get; set; }
}

[OptionsValidator]
internal sealed partial class RoomBotOptionsValidator : IValidateOptions<RoomBotOptions>;
