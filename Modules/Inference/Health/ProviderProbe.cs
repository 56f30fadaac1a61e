using System.Net.Http.Headers;
using KissChat.Inference.Contracts;
using KissChat.Inference.OpenAiCompatible;

namespace KissChat.Inference.Health;

/// <summary>The <c>Health</c> section's provider settings.</summary>
/// <param name="Required">Whether an unreachable provider makes the instance not ready (otherwise it is only degraded).</param>
/// <param name="CacheFor">How long one answer of the provider stands, so probes do not flood it or flap with it.</param>
internal sealed record ProviderHealthOptions(bool Required, TimeSpan CacheFor);

internal sealed record ProbeResult(bool Reachable, string Description, DateTimeOffset CheckedAt);

/// <summary>
/// Asks the provider for its models list (every OpenAI-compatible server has one) at most once per
/// <see cref="ProviderHealthOptions.CacheFor"/>; probes arriving meanwhile share the last answer or the one in flight.
/// </summary>
internal sealed class ProviderProbe(InferenceOptions inference, ProviderHealthOptions options, TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly HttpClient http = new(ModelConnections.Handler(inference)) { Timeout = Timeout };
    private readonly Lock gate = new();
    private Task<ProbeResult>? last;

    public Task<ProbeResult> CheckAsync()
    {
        lock (gate)
        {
            if (last is null || (last.IsCompleted && clock.GetUtcNow() - last.Result.CheckedAt >= options.CacheFor))
            {
                last = ProbeAsync();
            }

            return last;
        }
    }

    public void Dispose() => http.Dispose();

    private async Task<ProbeResult> ProbeAsync()
    {
        var checkedAt = clock.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(inference.Endpoint!.ToString().TrimEnd('/') + "/models"));
        if (inference.ApiKey.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", inference.ApiKey);
        }

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            return response.IsSuccessStatusCode
                ? new ProbeResult(true, "The model provider answers.", checkedAt)
                : new ProbeResult(false, $"The model provider answered HTTP {(int)response.StatusCode} when asked for its models.", checkedAt);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return new ProbeResult(false, "The model provider could not be reached (no answer, or no answer in time).", checkedAt);
        }
    }
}
