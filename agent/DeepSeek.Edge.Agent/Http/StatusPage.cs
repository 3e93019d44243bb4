using System.Net;
using System.Text;

namespace DeepSeek.Edge.Agent.Http;

/// <summary>A small self-contained status page: health, per-camera counters and the live annotated streams.</summary>
internal static class StatusPage
{
    public static string Html(IReadOnlyList<string> cameras)
    {
        var streams = new StringBuilder();
        foreach (var c in cameras)
        {
            var name = WebUtility.HtmlEncode(c);
            var url = Uri.EscapeDataString(c);
            streams.Append($"<figure><img src=\"/stream/{url}\" alt=\"{name}\"><figcaption>{name} · <a href=\"/snapshot/{url}.jpg\">snapshot</a></figcaption></figure>");
        }

        return $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>DeepSeek.Edge</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>
              body { font: 14px system-ui, sans-serif; margin: 1.5em; background: #111; color: #eee; }
              h1 { font-size: 1.3em; } .ok { color: #6c6; } .warn { color: #fb3; } .bad { color: #f66; }
              table { border-collapse: collapse; margin: 1em 0; } td, th { padding: .3em .8em; border-bottom: 1px solid #333; text-align: left; }
              figure { display: inline-block; margin: 0 1em 1em 0; } img { max-width: 640px; width: 100%; background: #000; }
              a { color: #8cf; }
            </style></head>
            <body>
            <h1>DeepSeek.Edge <span id="status">…</span></h1>
            <div id="summary"></div>
            <ul id="reasons" class="warn"></ul>
            <table><thead><tr><th>camera</th><th>state</th><th>model</th><th>provider</th><th>frames in</th><th>processed</th><th>dropped</th><th>fps</th><th>last error</th></tr></thead>
            <tbody id="cameras"></tbody></table>
            {{streams}}
            <p><a href="/healthz">/healthz</a> · <a href="/metrics">/metrics</a></p>
            <script>
            // Every value from the agent goes in through textContent, never as markup: a camera error or name is text.
            function cell(row, text, cls) { const td = row.insertCell(); td.textContent = text ?? ''; if (cls) td.className = cls; }
            async function refresh() {
              try {
                const h = await (await fetch('/healthz')).json();
                const s = document.getElementById('status');
                s.textContent = h.status; s.className = h.status === 'healthy' ? 'ok' : h.status === 'degraded' ? 'warn' : 'bad';
                document.getElementById('summary').textContent =
                  `device ${h.device} · version ${h.version} · started ${new Date(h.started_at).toLocaleString()} · broker ${h.mqtt_connected ? 'connected' : 'disconnected'}`;
                const reasons = document.getElementById('reasons');
                reasons.replaceChildren(...[...(h.reasons ?? []), ...(h.hint ? [h.hint] : [])].map(r => { const li = document.createElement('li'); li.textContent = r; return li; }));
                const body = document.getElementById('cameras');
                body.replaceChildren();
                for (const c of h.cameras) {
                  const row = body.insertRow();
                  cell(row, c.name); cell(row, c.state, c.state === 'streaming' ? 'ok' : c.state === 'disabled' || c.state === 'ended' ? '' : 'bad');
                  cell(row, c.model); cell(row, c.provider); cell(row, c.frames_in); cell(row, c.frames_processed); cell(row, c.frames_dropped);
                  cell(row, c.fps_out.toFixed(1)); cell(row, c.last_error, 'bad');
                }
              } catch (e) { const s = document.getElementById('status'); s.textContent = 'unreachable'; s.className = 'bad'; }
            }
            refresh(); setInterval(refresh, 2000);
            </script>
            </body></html>
            """;
    }
}
