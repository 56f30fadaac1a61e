using System.Diagnostics;
using System.Diagnostics.Metrics;
using KissChat.Jobs.Contracts;
using KissChat.Jobs.Streaming;
using KissChat.Kernel.Telemetry;

namespace KissChat.Jobs.Running;

/// <summary>
/// What operators see of jobs: how many wait and run and how they end, the open reply streams, and a span per job
/// whose parent is the request that queued it (Coravel runs the job in another async flow, so the request's trace
/// context travels with the job in memory). The gauges are read only when metrics are collected.
/// </summary>
internal sealed class JobTelemetry
{
    public const string JobIdTag = "kisschat.job.id";

    private readonly Meter meter;
    private readonly Counter<long> ended;
    private readonly JobSlots slots;
    private readonly StreamSlots streams;

    public JobTelemetry(IMeterFactory meters, JobSlots slots, StreamSlots streams)
    {
        meter = meters.KissChatMeter();
        ended = meter.CreateCounter<long>("kisschat.jobs.ended", "{job}", "Jobs ended, by kind and final status (completed, failed, stopped).");
        this.slots = slots;
        this.streams = streams;
    }

    /// <summary>Publishes the gauges; called once at start-up, so they exist before the first job.</summary>
    public void ObserveGauges()
    {
        meter.CreateObservableUpDownCounter("kisschat.jobs.running", () => ByLane(load => load.Running), "{job}", "Jobs running on this instance, by lane.");
        meter.CreateObservableUpDownCounter(
            "kisschat.jobs.waiting", () => ByLane(load => load.Waiting), "{job}", "Jobs queued on this instance, waiting for a place in their lane.");
        meter.CreateObservableUpDownCounter("kisschat.sse.streams", () => streams.Open, "{stream}", "Reply streams open on this instance.");
    }

    private Measurement<int>[] ByLane(Func<LaneLoad, int> figure) =>
    [
        new(figure(slots.Load(JobLane.Interactive)), new KeyValuePair<string, object?>("lane", "interactive")),
        new(figure(slots.Load(JobLane.Background)), new KeyValuePair<string, object?>("lane", "background")),
    ];

    public void Ended(string kind, string status) =>
        ended.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("status", status));

    /// <summary>
    /// The job's span, child of <paramref name="origin"/>. When no exporter records spans, a bare activity still carries
    /// the request's trace id, so the job's log lines share it.
    /// </summary>
    public static Activity? StartJob(JobInfo job, ActivityContext origin)
    {
        var activity = KissChatTelemetry.Source.StartActivity($"job {job.Kind}", ActivityKind.Internal, origin)
            ?? (origin == default ? null : new Activity("job").SetParentId(origin.TraceId, origin.SpanId, origin.TraceFlags).Start());
        activity?.SetTag(JobIdTag, job.Id);
        return activity;
    }
}
