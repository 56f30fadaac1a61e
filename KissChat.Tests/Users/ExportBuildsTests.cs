using System.Text;
using KissChat.Kernel.Export;

namespace KissChat.Tests.Users;

/// <summary>Downloads are built a few at a time into files that are gone once sent.</summary>
public sealed class ExportBuildsTests
{
    [Fact]
    public async Task ABuildBeyondThePlacesWaitsForOneAndEachFileIsGoneOnceClosed()
    {
        var builds = new ExportBuilds(concurrency: 1);
        var firstMayEnd = new TaskCompletionSource();
        var secondStarted = new TaskCompletionSource();

        var first = builds.BuildAsync(async (file, ct) =>
        {
            await file.WriteAsync("first"u8.ToArray(), ct);
            await firstMayEnd.Task.WaitAsync(ct);
        }, CancellationToken.None);
        var second = builds.BuildAsync(async (file, ct) =>
        {
            secondStarted.SetResult();
            await file.WriteAsync("second"u8.ToArray(), ct);
        }, CancellationToken.None);
        await Task.Delay(200);
        Assert.False(secondStarted.Task.IsCompleted, "the second build started while the first held the only place");

        firstMayEnd.SetResult();
        await using var firstFile = await first;
        await using var secondFile = await second;

        Assert.Equal("first", await new StreamReader(firstFile, Encoding.UTF8).ReadToEndAsync());
        Assert.Equal("second", await new StreamReader(secondFile, Encoding.UTF8).ReadToEndAsync());
        var paths = new[] { firstFile.Name, secondFile.Name };
        Assert.All(paths, path => Assert.True(File.Exists(path)));
        await firstFile.DisposeAsync();
        await secondFile.DisposeAsync();
        Assert.All(paths, path => Assert.False(File.Exists(path)));
    }

    [Fact]
    public async Task AFailedBuildLeavesNoFileAndGivesItsPlaceBack()
    {
        var builds = new ExportBuilds(concurrency: 1);
        string? path = null;

        await Assert.ThrowsAsync<InvalidOperationException>(() => builds.BuildAsync((file, _) =>
        {
            path = ((FileStream)file).Name;
            throw new InvalidOperationException("the chat was deleted");
        }, CancellationToken.None));
        await using var next = await builds.BuildAsync((file, ct) => file.WriteAsync("next"u8.ToArray(), ct).AsTask(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(File.Exists(path));
        Assert.Equal(4, next.Length);
    }
}
