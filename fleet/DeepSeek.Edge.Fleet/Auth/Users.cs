using Dapper;
using DeepSeek.Edge.Fleet.Storage;
using DeepSeek.Edge.Models.Naming;

namespace DeepSeek.Edge.Fleet.Auth;

/// <summary>A console user's role: viewers read, operators also change desired state, roll out and send commands, admins also manage users.</summary>
public enum Role
{
    Viewer = 0,
    Operator = 1,
    Admin = 2,
}

/// <summary>Who made a request: a user (by password session or API token) and their role.</summary>
public sealed record Principal(string Name, Role Role);

/// <summary>Users and API tokens, hashed at rest.</summary>
public sealed class Users(FleetDatabase database, TimeProvider time)
{
    public bool Any()
    {
        using var db = database.Open();
        return db.ExecuteScalar<long>("SELECT count(*) FROM users") > 0;
    }

    public void Add(string name, Role role, string password)
    {
        if (!SafeName.IsValid(name)) throw new ArgumentException($"user name \"{name}\" is not valid: {SafeName.Rule}");
        if (password is not { Length: >= 10 }) throw new ArgumentException("a password needs at least 10 characters");
        using var db = database.Open();
        if (db.ExecuteScalar<long>("SELECT count(*) FROM users WHERE name = @name", new { name }) > 0)
            throw new ArgumentException($"user \"{name}\" exists already");
        db.Execute("INSERT INTO users (name, role, password_hash, created_at) VALUES (@name, @role, @hash, @at)",
            new { name, role = role.ToString().ToLowerInvariant(), hash = Passwords.Hash(password), at = Utc.Text(time.GetUtcNow()) });
    }

    /// <summary>Creates a token for a user; returns the secret, which is shown once and stored only as its hash.</summary>
    public string CreateToken(string user, string? label)
    {
        using var db = database.Open();
        if (db.ExecuteScalar<long>("SELECT count(*) FROM users WHERE name = @user", new { user }) == 0)
            throw new ArgumentException($"no user \"{user}\"; add one with ds-fleet user add");
        var token = Passwords.NewToken();
        db.Execute("INSERT INTO tokens (id, user_name, hash, label, created_at) VALUES (@id, @user, @hash, @label, @at)",
            new { id = Guid.NewGuid().ToString("N")[..12], user, hash = Passwords.TokenHash(token), label, at = Utc.Text(time.GetUtcNow()) });
        return token;
    }

    public Principal? Login(string name, string password)
    {
        using var db = database.Open();
        var row = db.QuerySingleOrDefault<(string Role, string Hash)>("SELECT role, password_hash FROM users WHERE name = @name", new { name });
        return row.Hash is not null && Passwords.Verify(password, row.Hash) ? new Principal(name, ParseRole(row.Role)) : null;
    }

    public Principal? FromToken(string token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        using var db = database.Open();
        var row = db.QuerySingleOrDefault<(string Name, string Role)>(
            "SELECT u.name, u.role FROM tokens t JOIN users u ON u.name = t.user_name WHERE t.hash = @hash", new { hash = Passwords.TokenHash(token) });
        return row.Name is null ? null : new Principal(row.Name, ParseRole(row.Role));
    }

    public static Role ParseRole(string text) => text switch
    {
        "admin" => Role.Admin,
        "operator" => Role.Operator,
        "viewer" => Role.Viewer,
        _ => throw new ArgumentException($"role \"{text}\" is not viewer, operator or admin"),
    };
}
