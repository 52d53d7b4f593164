using System.Diagnostics;
using Orleans.Chat.Bench.Clients;
using Orleans.Chat.Bench.Measurement;
using Orleans.Chat.Bench.Servers;

namespace Orleans.Chat.Bench.Scenarios;

/// <summary>
/// File sharing through one gateway (Orleans.Chat targets only: the baselines have no files).
/// Uploads <c>files</c> files of <c>sizeMb</c> MB one after another over the native protocol
/// (base64 chunks, 4 in flight) into a room: MB/s and server CPU per MB. Then <c>downloaders</c>
/// clients download the last one at the same time over HTTP while the server's RSS is sampled:
/// the growth says whether downloads stream (one chunk buffer each) or hold files in memory.
/// </summary>
public sealed class FilesScenario(int sizeMb, int files, int downloaders) : Scenario
{
    private const int ChunksInFlight = 4;

    public override string Name => $"files-{sizeMb}mb";

    public override string Description =>
        $"{files} uploads of {sizeMb} MB in a row (native, {ChunksInFlight} chunks in flight), then {downloaders} concurrent downloads of one";

    public override async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var server = context.Server;
        if (server.Target.Server != ServerKind.Gateway)
        {
            return Skip(context, "no file sharing");
        }

        var userId = $"u-files-{context.RunId}";
        var roomId = $"r-files-{context.RunId}";
        await using var uploader = await FileTransferClient.ConnectAsync(server.Endpoint, server.TokenFor(userId), cancellationToken);
        await uploader.RequestAsync("join-room", $"\"{roomId}\"");

        // PDF magic first: the gateway sniffs the type, and pdf is allowed by default.
        var content = new byte[sizeMb * 1024 * 1024];
        Random.Shared.NextBytes(content);
        "%PDF-1.7\n"u8.CopyTo(content);

        var cpuBefore = server.CpuMicros();
        var clock = Stopwatch.StartNew();
        var fileId = string.Empty;
        for (var i = 0; i < files; i++)
        {
            content[^1] = (byte)i; // a different file each time
            fileId = await uploader.UploadAsync(roomId, $"bench-{i}.pdf", content, ChunksInFlight);
        }

        var uploadSeconds = clock.Elapsed.TotalSeconds;
        var uploadCpuMicros = server.CpuMicros() - cpuBefore;
        var uploadedMb = (double)files * sizeMb;

        await ServerIdle.WaitAsync(server, TimeSpan.FromSeconds(30));
        var (downloadSeconds, downloadedMb, rssBeforeMb, rssPeakMb) = await DownloadAllAsync(server, uploader.Token, fileId, cancellationToken);

        return new ScenarioResult
        {
            Name = Name,
            Target = server.Target.Name,
            ServerRssMb = rssPeakMb,
            MeasuredSeconds = uploadSeconds + downloadSeconds,
            LoadAverage = ProcessMetrics.LoadAverage(),
            Notes = FormattableString.Invariant(
                $"upload {uploadedMb / uploadSeconds:F1} MB/s, server CPU {uploadCpuMicros / 1000.0 / uploadedMb:F1} ms per MB uploaded; ") +
                FormattableString.Invariant(
                $"{downloaders} concurrent downloads of {sizeMb} MB: {downloadedMb / downloadSeconds:F0} MB/s together, server RSS {rssBeforeMb:F0} MB before, {rssPeakMb:F0} MB at the peak (+{rssPeakMb - rssBeforeMb:F1} MB)"),
        };
    }

    private async Task<(double Seconds, double Mb, double RssBeforeMb, double RssPeakMb)> DownloadAllAsync(
        TargetServer server, string token, string fileId, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        var rssBefore = server.RssKb();
        var peak = rssBefore;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, server.RssKb());
                await Task.Delay(20, CancellationToken.None);
            }
        }, CancellationToken.None);

        var clock = Stopwatch.StartNew();
        var bytes = await Task.WhenAll(Enumerable.Range(0, downloaders)
            .Select(_ => FileTransferClient.DownloadAsync(http, server.Endpoint, token, fileId, cancellationToken)));
        var seconds = clock.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        return (seconds, bytes.Sum() / (1024.0 * 1024.0), rssBefore / 1024.0, peak / 1024.0);
    }
}
