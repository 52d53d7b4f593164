using Microsoft.Extensions.Options;
using Orleans.Chat.Files;

namespace Orleans.Chat.Hosting.Files;

[OptionsValidator]
public sealed partial class FilesOptionsValidator : IValidateOptions<FilesOptions>;
