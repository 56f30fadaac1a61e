using System.Runtime.CompilerServices;
using System.Text.Json;

namespace KissChat.Tests.Infrastructure;

public sealed record SseFrame(int? Id, string Data)
{
    public bool IsDone => Data == "[DONE]";

    public JsonElement Json => JsonDocument.Parse(Data).RootElement;

    public string Status => Json.GetProperty("status").GetString()!;
}

/// <summary>A minimal SSE client: what a browser's EventSource or the frontend's fetch reader sees.</summary>
public static class Sse
{
    public static Task<HttpResponseMessage> OpenAsync(HttpClient client, HttpMethod method, string path, object? body = null, int? lastEventId = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body);
        }

        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    public static async IAsyncEnumerable<SseFrame> ReadAsync(HttpResponseMessage response, [EnumeratorCancellation] CancellationToken cancellationToken = default, Action<string>? onComment = null)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream);
        int? id = null;
        var data = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    yield return new SseFrame(id, string.Join('\n', data));
                }

                id = null;
                data.Clear();
            }
            else if (line.StartsWith(':'))
            {
                onComment?.Invoke(line);
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = int.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Add(line[6..]);
            }
        }
    }

    /// <summary>Every frame up to and including <c>[DONE]</c>; fails if the stream ends without it.</summary>
    public static async Task<List<SseFrame>> ReadToEndAsync(HttpResponseMessage response, TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var frames = new List<SseFrame>();
        await foreach (var frame in ReadAsync(response, cancellation.Token))
        {
            frames.Add(frame);
            if (frame.IsDone)
            {
                return frames;
            }
        }

        Assert.Fail($"The stream ended without [DONE] after: {string.Join(" | ", frames.Select(f => f.Data))}");
        return frames;
    }

    /// <summary>
    /// Adds to <paramref name="frames"/> what is left of a stream read in part, up to its end; fails if that takes longer
    /// than <paramref name="timeout"/> (a stream that should have been ended elsewhere and was not).
    /// </summary>
    public static async Task ReadRestAsync(IAsyncEnumerator<SseFrame> reader, List<SseFrame> frames, TimeSpan timeout)
    {
        async Task ReadAsync()
        {
            while (await reader.MoveNextAsync())
            {
                frames.Add(reader.Current);
            }
        }

        await ReadAsync().WaitAsync(timeout);
    }

    /// <summary>Any answer's body as text: an event stream read to its end, its frames' data a line each.</summary>
    public static async Task<string> ReadBodyAsync(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType == "text/event-stream"
            ? string.Join('\n', (await ReadToEndAsync(response)).Select(f => f.Data))
            : await response.Content.ReadAsStringAsync();
}
