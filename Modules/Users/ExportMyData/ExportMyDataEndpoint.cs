using System.IO.Compression;
using FastEndpoints;
using KissChat.Kernel.Export;
using KissChat.Kernel.Http;

namespace KissChat.Users.ExportMyData;

/// <summary>
/// Everything the signed-in user owns, as one zip: each module that stores something of theirs writes its part
/// (<see cref="IUserDataExport"/>), into a temporary file (<see cref="ExportBuilds"/>): a page of one chat's messages at a time is in memory.
/// </summary>
internal sealed class ExportMyDataEndpoint(CurrentUser me, IEnumerable<IUserDataExport> parts, ExportBuilds builds, TimeProvider clock) : EndpointWithoutRequest<FileStreamHttpResult>
{
    public override void Configure()
    {
        Get("/export");
        Group<UsersGroup>();
        Description(b => b.WithName("ExportMyData").Produces(StatusCodes.Status200OK, typeof(byte[]), "application/zip"));
        Summary(s =>
        {
            s.Summary = "Download everything you own as a zip: profile.json, characters/*.png (Character Card V3), chats/*.json and chats/*.jsonl (SillyTavern).";
            s.ResponseHeaders.Add(new ResponseHeader(StatusCodes.Status200OK, "Content-Disposition")
            {
                Description = "attachment; filename=kisschat-export-<yyyy-MM-dd>.zip",
            });
        });
    }

    public override async Task<FileStreamHttpResult> ExecuteAsync(CancellationToken ct)
    {
        var file = await builds.BuildAsync(
            async (stream, token) =>
            {
                await using var zip = await ZipArchive.CreateAsync(stream, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, token);
                var archive = new UserExportArchive(zip);
                foreach (var part in parts)
                {
                    await part.WriteAsync(me.Id, archive, token);
                }
            },
            ct);
        var day = clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Stream(file, "application/zip", $"kisschat-export-{day}.zip");
    }
}
