using System.IO.Compression;
using FastEndpoints;
using KissChat.Kernel.Export;
using KissChat.Kernel.Http;

namespace KissChat.Users.ExportMyData;

/// <summary>
/// Everything the signed-in user owns, as one zip: each module that stores something of theirs writes its part
/// (<see cref="IUserDataExport"/>). Built in memory: a user's data is a few files per character and chat.
/// </summary>
internal sealed class ExportMyDataEndpoint(CurrentUser me, IEnumerable<IUserDataExport> parts, TimeProvider clock) : EndpointWithoutRequest<FileContentHttpResult>
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

    public override async Task<FileContentHttpResult> ExecuteAsync(CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await using (var zip = await ZipArchive.CreateAsync(buffer, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct))
        {
            var archive = new UserExportArchive(zip);
            foreach (var part in parts)
            {
                await part.WriteAsync(me.Id, archive, ct);
            }
        }

        var day = clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.File(buffer.ToArray(), "application/zip", $"kisschat-export-{day}.zip");
    }
}
