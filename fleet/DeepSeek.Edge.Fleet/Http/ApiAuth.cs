using DeepSeek.Edge.Fleet.Auth;
using Microsoft.AspNetCore.Http;

namespace DeepSeek.Edge.Fleet.Http;

/// <summary>
/// Every <c>/api</c> call needs a principal: an API token (<c>Authorization: Bearer dsf_…</c>) or the UI's session cookie,
/// and a role at least the one the endpoint asks for (401 without one, 403 with too small a role).
/// </summary>
public static class ApiAuth
{
    public const string Cookie = "ds_fleet_session";

    public static Principal? Resolve(HttpContext context, Users users)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(users);
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim()
            : context.Request.Cookies.TryGetValue(Cookie, out var cookie) ? cookie : null;
        return token is null ? null : users.FromToken(token);
    }

    public static RouteHandlerBuilder Require(this RouteHandlerBuilder endpoint, Role role) => endpoint.AddEndpointFilter(async (ctx, next) =>
    {
        var users = ctx.HttpContext.RequestServices.GetRequiredService<Users>();
        var principal = Resolve(ctx.HttpContext, users);
        if (principal is null) return Results.Json(new { error = "log in, or send an API token (Authorization: Bearer …; ds-fleet token create)" }, statusCode: 401);
        if (principal.Role < role) return Results.Json(new { error = $"{principal.Name} is a {principal.Role.ToString().ToLowerInvariant()}; this needs the {role.ToString().ToLowerInvariant()} role" }, statusCode: 403);
        ctx.HttpContext.Items[typeof(Principal)] = principal;
        return await next(ctx).ConfigureAwait(false);
    });

    public static Principal Who(this HttpContext context) => (Principal)context.Items[typeof(Principal)]!;
}
