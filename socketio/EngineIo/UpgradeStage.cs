namespace Orleans.Chat.SocketIo.EngineIo;

/// <summary>Where a polling session is in its move to WebSocket.</summary>
internal enum UpgradeStage
{
    None,

    /// <summary>A WebSocket with this session's id is open; no probe yet.</summary>
    Connected,

    /// <summary>The probe was answered; the client is pausing polling.</summary>
    Probed,

    /// <summary>The WebSocket carries the session; polling requests are refused.</summary>
    Upgraded,
}
