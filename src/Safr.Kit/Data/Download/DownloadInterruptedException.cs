namespace Safr.Kit.Data;

/// <summary>
/// A transfer ended before the whole file arrived. What did arrive is kept in <see cref="PartialPath"/>;
/// the next attempt resumes from there with an HTTP Range request.
/// </summary>
public sealed class DownloadInterruptedException : IOException, IInputError
{
    public DownloadInterruptedException(string url, string partialPath, long received, long? expected, Exception? inner)
        : base($"the download of {url} was interrupted after {received:N0}{(expected is { } e ? $" of {e:N0}" : "")} bytes" +
               $"{(inner is null ? "" : $" ({inner.Message})")}; the part received is kept in {partialPath} and the next attempt resumes it", inner)
    {
        Url = url;
        PartialPath = partialPath;
        Received = received;
        Expected = expected;
    }

    public string Url { get; }

    public string PartialPath { get; }

    public long Received { get; }

    public long? Expected { get; }
}
