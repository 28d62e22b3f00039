using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Safr.Tests.Shared;

/// <summary>
/// A minimal HTTP/1.1 file server on 127.0.0.1 and an ephemeral port, for download tests: no request ever
/// leaves the machine. It serves byte arrays by path, honours "Range: bytes=N-", can cut a response short
/// (headers announce the full length, then the connection closes early), and records every request.
/// </summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, Route> _routes = new();
    private readonly Task _acceptLoop;

    public LoopbackHttpServer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoop);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}/";

    public string Url(string path) => BaseUrl + path.TrimStart('/');

    /// <summary>Every request: path and Range header (null when none).</summary>
    public ConcurrentQueue<(string Path, string? Range)> Requests { get; } = new();

    public int RequestCount(string path) => Requests.Count(r => r.Path == "/" + path.TrimStart('/'));

    /// <summary>Serves <paramref name="content"/> at <paramref name="path"/>; the next <paramref name="truncatedResponses"/> responses stop after <paramref name="truncateAfter"/> body bytes.</summary>
    public void Serve(string path, byte[] content, int truncatedResponses = 0, int truncateAfter = 0) =>
        _routes["/" + path.TrimStart('/')] = new Route(content, truncatedResponses, truncateAfter);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _acceptLoop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => Handle(client));
        }
    }

    private async Task Handle(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var (path, headers) = await ReadRequest(stream);
                headers.TryGetValue("range", out var range);
                Requests.Enqueue((path, range));
                if (!_routes.TryGetValue(path, out var route))
                {
                    await Write(stream, "404 Not Found", [], ReadOnlyMemory<byte>.Empty);
                    return;
                }
                var content = route.Content;
                long start = 0;
                var status = "200 OK";
                var extra = new List<string>();
                if (range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-')
                    && long.TryParse(range["bytes=".Length..^1], out var from))
                {
                    if (from >= content.Length)
                    {
                        await Write(stream, "416 Range Not Satisfiable", [$"Content-Range: bytes */{content.Length}"], ReadOnlyMemory<byte>.Empty);
                        return;
                    }
                    start = from;
                    status = "206 Partial Content";
                    extra.Add($"Content-Range: bytes {from}-{content.Length - 1}/{content.Length}");
                }
                var body = content.AsMemory((int)start);
                if (route.TakeTruncation())
                {
                    // Announce the whole body, send part of it, and hang up.
                    await WriteHead(stream, status, [.. extra, $"Content-Length: {body.Length}"]);
                    await stream.WriteAsync(body[..Math.Min(route.TruncateAfter, body.Length)]);
                    await stream.FlushAsync();
                    client.Client.Shutdown(SocketShutdown.Both);
                    return;
                }
                await Write(stream, status, extra, body);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
            }
        }
    }

    private static async Task<(string Path, Dictionary<string, string> Headers)> ReadRequest(NetworkStream stream)
    {
        var bytes = new List<byte>();
        var buffer = new byte[1];
        while (!(bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n'))
        {
            if (await stream.ReadAsync(buffer) == 0) throw new IOException("the client closed the connection");
            bytes.Add(buffer[0]);
        }
        var lines = Encoding.ASCII.GetString([.. bytes]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var path = lines[0].Split(' ')[1];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }
        return (path, headers);
    }

    private static async Task Write(NetworkStream stream, string status, IEnumerable<string> headers, ReadOnlyMemory<byte> body)
    {
        await WriteHead(stream, status, [.. headers, $"Content-Length: {body.Length}"]);
        await stream.WriteAsync(body);
        await stream.FlushAsync();
    }

    private static async Task WriteHead(NetworkStream stream, string status, IEnumerable<string> headers)
    {
        var head = new StringBuilder($"HTTP/1.1 {status}\r\nConnection: close\r\nContent-Type: application/octet-stream\r\n");
        foreach (var h in headers) head.Append(h).Append("\r\n");
        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
    }

    private sealed class Route(byte[] content, int truncatedResponses, int truncateAfter)
    {
        private int _truncationsLeft = truncatedResponses;

        public byte[] Content { get; } = content;

        public int TruncateAfter { get; } = truncateAfter;

        public bool TakeTruncation() => Interlocked.Decrement(ref _truncationsLeft) >= 0;
    }
}
