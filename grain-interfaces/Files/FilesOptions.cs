using System.ComponentModel.DataAnnotations;

namespace Orleans.Chat.Files;

public enum FileStoreKind
{
    /// <summary>A directory on this machine (single node, or a volume every node mounts).</summary>
    Disk,

    /// <summary>Chunks as Redis hash fields under Redis:ConnectionString (cluster mode: any gateway serves any file).</summary>
    Redis,
}

/// <summary>
/// File sharing limits and storage (section "Files"), read by silos (file grains) and gateways (uploads,
/// downloads); here so both see one class. Validated by hosting/Files/FilesOptionsValidator.
/// </summary>
public sealed class FilesOptions
{
    public const string SectionName = "Files";

    /// <summary>Files can be switched off; upload-start then answers not_allowed.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Disk by default; Redis when the cluster's grain storage is Redis and no Store is set.</summary>
    public FileStoreKind? Store { get; set; }

    /// <summary>Disk store root; relative paths are under the content root.</summary>
    public string Directory { get; set; } = "data/files";

    /// <summary>Largest file, in bytes.</summary>
    [Range(1, 2L * 1024 * 1024 * 1024)]
    public long MaxBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>Bytes of stored files one user may hold (deleted files give theirs back).</summary>
    [Range(1, long.MaxValue)]
    public long QuotaBytes { get; set; } = 500L * 1024 * 1024;

    /// <summary>Chunk size the server asks for; every upload-chunk but the last must be exactly this long.</summary>
    [Range(4096, 1024 * 1024)]
    public int ChunkBytes { get; set; } = 256 * 1024;

    /// <summary>Incomplete uploads one user may have open at once.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentUploads { get; set; } = 3;

    /// <summary>An incomplete upload with no chunk for this long is removed with its chunks.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan UploadTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Types (sniffed from the content) that may be uploaded; "type/*" allows a family.</summary>
    public string[] AllowedTypes { get; set; } =
        ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain", "application/zip", "audio/mpeg", "audio/ogg", "video/mp4", "video/webm"];

    /// <summary>Types served inline (Content-Disposition: inline) so pages can preview them; everything else downloads as an attachment.</summary>
    public string[] InlineTypes { get; set; } = ["image/png", "image/jpeg", "image/gif", "image/webp"];
}
