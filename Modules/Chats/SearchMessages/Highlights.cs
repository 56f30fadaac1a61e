using System.Text;

namespace KissChat.Chats.SearchMessages;

/// <summary>
/// The databases mark matches in a snippet with two private-use characters; clients get the snippet as HTML-escaped
/// text in which only our own <c>&lt;mark&gt;</c> elements are markup, so it can be shown as HTML whatever the message says.
/// </summary>
internal static class Highlights
{
    public const char Start = '\uE000';
    public const char End = '\uE001';

    public static string ToEscapedHtml(string marked)
    {
        var html = new StringBuilder(marked.Length + 32);
        var open = false;
        foreach (var c in marked)
        {
            // A message may itself contain the marker characters: they only ever open or close one mark at a time.
            switch (c)
            {
                case Start when !open:
                    html.Append("<mark>");
                    open = true;
                    break;
                case End when open:
                    html.Append("</mark>");
                    open = false;
                    break;
                case Start or End:
                    break;
                case '&':
                    html.Append("&amp;");
                    break;
                case '<':
                    html.Append("&lt;");
                    break;
                case '>':
                    html.Append("&gt;");
                    break;
                case '"':
                    html.Append("&quot;");
                    break;
                case '\'':
                    html.Append("&#39;");
                    break;
                default:
                    html.Append(c);
                    break;
            }
        }

        return open ? html.Append("</mark>").ToString() : html.ToString();
    }
}
