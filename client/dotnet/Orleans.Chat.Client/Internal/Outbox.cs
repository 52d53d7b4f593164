namespace Orleans.Chat.Client.Internal;

/// <summary>
/// Every request without an ack, in the order it was made; requests go out (again) in that order.
/// Not thread-safe: the client's lock guards it.
/// </summary>
internal sealed class Outbox
{
    private readonly OrderedDictionary<string, PendingRequest> _requests = new(StringComparer.Ordinal);

    public void Add(PendingRequest request) => _requests.Add(request.Id, request);

    public bool TryRemove(string id, out PendingRequest request) => _requests.Remove(id, out request!);

    public bool Remove(PendingRequest request) =>
        _requests.TryGetValue(request.Id, out var current) && ReferenceEquals(current, request) && _requests.Remove(request.Id);

    /// <summary>Requests waiting to be written, oldest first.</summary>
    public List<PendingRequest> Unsent() => [.. _requests.Values.Where(r => !r.Sent)];

    /// <summary>
    /// After a drop: requests in flight go back to waiting, except those that may not be repeated,
    /// which are removed and returned for the caller to fail.
    /// </summary>
    public List<PendingRequest> Suspend()
    {
        var dropped = new List<PendingRequest>();
        foreach (var request in _requests.Values)
        {
            if ((request.Sent && !request.Resend) || request.Bound)
            {
                dropped.Add(request);
            }

            request.MarkUnsent();
        }

        foreach (var request in dropped)
        {
            _requests.Remove(request.Id);
        }

        return dropped;
    }

    /// <summary>Removes and returns every request.</summary>
    public List<PendingRequest> TakeAll()
    {
        var all = _requests.Values.ToList();
        _requests.Clear();
        return all;
    }
}
