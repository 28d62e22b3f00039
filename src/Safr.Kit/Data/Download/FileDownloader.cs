using System.Net;
using System.Net.Http.Headers;

namespace Safr.Kit.Data;

/// <summary>
/// Downloads one URL to a file: the bytes go to "file.partial", which is verified against the expected
/// digest and only then moved over the file (so a file under its final name is always complete and
/// checked). An interrupted transfer leaves the .partial behind and the next call resumes it with an
/// HTTP Range request; a server that ignores Range just sends everything again.
/// </summary>
internal sealed class FileDownloader(HttpClient client, TextWriter log)
{
    private const int BufferSize = 1 << 16;

    public static string PartialPathOf(string destination) => destination + ".partial";

    public void Download(string url, string destination, FileChecksum? checksum, long? expectedBytes = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
        var partial = PartialPathOf(destination);
        var resumeFrom = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (resumeFrom > 0) request.Headers.Range = new RangeHeaderValue(resumeFrom, null);
        var size = expectedBytes is { } bytes ? $" ({bytes:N0} bytes)" : "";
        log.WriteLine(resumeFrom > 0 ? $"resuming {url}{size} from byte {resumeFrom:N0} -> {destination}" : $"downloading {url}{size} -> {destination}");

        using var response = client.Send(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && resumeFrom > 0)
        {
            // The .partial already holds the whole file (the move after the last attempt did not happen).
            Finish(url, partial, destination, checksum);
            return;
        }
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);

        var append = resumeFrom > 0 && response.StatusCode == HttpStatusCode.PartialContent
            && response.Content.Headers.ContentRange?.From == resumeFrom;
        if (response.StatusCode == HttpStatusCode.PartialContent && !append)
        {
            // A range we did not ask for cannot be placed in the file: start over on the next attempt.
            File.Delete(partial);
            throw new HttpRequestException($"{url} answered with an unexpected range ({response.Content.Headers.ContentRange}); the partial download was discarded, try again");
        }
        if (resumeFrom > 0 && !append) log.WriteLine($"  the server did not resume from byte {resumeFrom:N0}; downloading {url} from the start");
        var start = append ? resumeFrom : 0;
        long? expectedTotal = response.Content.Headers.ContentLength is { } length ? start + length : null;

        long received = start;
        try
        {
            using var body = response.Content.ReadAsStream();
            using var output = new FileStream(partial, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, BufferSize);
            var buffer = new byte[BufferSize];
            int n;
            while ((n = body.Read(buffer, 0, buffer.Length)) > 0)
            {
                output.Write(buffer, 0, n);
                received += n;
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new DownloadInterruptedException(url, partial, received, expectedTotal, e);
        }
        if (expectedTotal is { } total && received < total)
            throw new DownloadInterruptedException(url, partial, received, total, null);
        Finish(url, partial, destination, checksum);
    }

    private void Finish(string url, string partial, string destination, FileChecksum? checksum)
    {
        if (checksum is not null)
        {
            if (!checksum.Matches(partial, out var actual))
            {
                // A corrupted download must not be resumed or mistaken for the real file.
                File.Delete(partial);
                throw new ChecksumMismatchException(destination, url, checksum, actual, "The corrupted download was deleted.");
            }
        }
        else
        {
            log.WriteLine($"  note: no published checksum is known for {url}; the download was not verified");
        }
        File.Move(partial, destination, overwrite: true);
    }
}
