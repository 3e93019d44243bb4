namespace DeepSeek.Edge.Agent.Ota.Http;

/// <summary>
/// A package download over HTTP(S) that retrying will not fix (or that ran out of attempts): the message names the URL (without
/// its query string), what the server did, and what to change.
/// </summary>
public sealed class HttpDownloadException : Exception
{
    public HttpDownloadException()
        : this("the HTTP package download failed")
    {
    }

    public HttpDownloadException(string message)
        : base(message)
    {
    }

    public HttpDownloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
