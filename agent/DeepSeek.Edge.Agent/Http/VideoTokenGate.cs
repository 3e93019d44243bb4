using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DeepSeek.Edge.Agent.Http;

/// <summary>
/// With <c>Agent:Http:TokenFile</c> set, the routes that show camera video (the status page and its <c>/status</c> detail, snapshots, streams) answer only a
/// request that carries the token: <c>Authorization: Bearer &lt;token&gt;</c>, or the cookie that opening <c>/?token=&lt;token&gt;</c>
/// sets (HttpOnly, SameSite=Strict) so that a browser's image and stream requests carry it. <c>/healthz</c> and
/// <c>/metrics</c> stay open. Tokens are compared in constant time.
/// </summary>
internal static class VideoTokenGate
{
    public const string Cookie = "dsedge_token";

    public static void Use(WebApplication app, string token)
    {
        var expected = Encoding.UTF8.GetBytes(token);
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            var guarded = path == "/" || path == "/status" || path.StartsWithSegments("/snapshot", StringComparison.Ordinal) || path.StartsWithSegments("/stream", StringComparison.Ordinal);
            if (!guarded)
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            if (path == "/" && context.Request.Query["token"] is [{ } offered] && Matches(offered, expected))
            {
                context.Response.Cookies.Append(Cookie, offered, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/" });
                context.Response.Redirect("/"); // the token leaves the address bar and the history
                return;
            }

            if (Matches(Presented(context.Request), expected))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await context.Response.WriteAsync(
                "this shows camera video: send the token of Agent:Http:TokenFile as 'Authorization: Bearer <token>', or open /?token=<token> in a browser\n",
                context.RequestAborted).ConfigureAwait(false);
        });
    }

    private static string? Presented(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.Ordinal)) return header["Bearer ".Length..].Trim();
        return request.Cookies[Cookie];
    }

    private static bool Matches(string? offered, byte[] expected) =>
        offered is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(offered), expected);
}
