#!/usr/bin/python3
"""Serves a video file over RTSP with the GStreamer RTSP server, for the camera tests.

Mounts: /h264 (x264enc) and /mjpeg (jpegenc), both scaled to --width x --height and looped. With --user and
--password every mount needs authentication: basic, or digest with --auth digest. With --timestamps FILE each
encoded frame appends a line "<n> <due_ns>" to FILE: its number since the media started (0, 1, ...) and its stream
timestamp mapped to the server's clock (the pipeline's base time plus the frame's running time, in CLOCK_MONOTONIC
nanoseconds, GStreamer's system clock), i.e. when the frame is due to go out; for the latency bench (one client on
one mount: frames are numbered per server, not per mount). Prints "ready <port>" on stdout once it listens; runs until killed.

Needs Debian's python3-gi, gir1.2-gst-rtsp-server-1.0, gstreamer1.0-plugins-{base,good,ugly} and gstreamer1.0-libav.
"""
import argparse
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

ENCODERS = {
    "h264": "x264enc tune=zerolatency speed-preset=ultrafast key-int-max=15 ! rtph264pay name=pay0 pt=96 config-interval=1",
    "mjpeg": "jpegenc quality=80 ! rtpjpegpay name=pay0 pt=26",
}


def launch_line(path, width, height, fps, encoder):
    return (
        f"( multifilesrc location={path} loop=true ! decodebin ! videoconvert ! videoscale ! videorate ! "
        f"video/x-raw,format=I420,width={width},height={height},framerate={fps}/1 ! {ENCODERS[encoder]} )"
    )


class FrameTimestamps:
    """Numbers the frames reaching pay0 (one encoded frame per buffer) and writes when each is due, once the
    media plays (the base time is known only then; the first frame is encoded while the media prerolls)."""

    def __init__(self, path):
        self.out = open(path, "w", buffering=1)
        self.pending = []
        self.count = 0
        self.pay = None

    def media_configured(self, _factory, media):
        self.pay = media.get_element().get_by_name("pay0")
        self.pay.get_static_pad("sink").add_probe(Gst.PadProbeType.BUFFER, self.on_frame)
        GLib.timeout_add(100, self.flush)

    def on_frame(self, pad, info):
        segment = pad.get_sticky_event(Gst.EventType.SEGMENT, 0).parse_segment()
        self.pending.append((self.count, segment.to_running_time(Gst.Format.TIME, info.get_buffer().pts)))
        self.count += 1
        return Gst.PadProbeReturn.OK

    def flush(self):
        _, state, _ = self.pay.get_state(0)
        if state == Gst.State.PLAYING:
            base = self.pay.get_base_time()
            pending, self.pending = self.pending, []
            for n, running in pending:
                self.out.write(f"{n} {base + running}\n")
        return True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--file", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--width", type=int, default=360)
    parser.add_argument("--height", type=int, default=264)
    parser.add_argument("--fps", type=int, default=15)
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--auth", choices=("basic", "digest"), default="basic")
    parser.add_argument("--timestamps")
    args = parser.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    mounts = server.get_mount_points()
    timestamps = FrameTimestamps(args.timestamps) if args.timestamps else None
    for name in ENCODERS:
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(launch_line(args.file, args.width, args.height, args.fps, name))
        factory.set_shared(True)
        if timestamps:
            factory.connect("media-configure", timestamps.media_configured)
        if args.user:
            permissions = GstRtspServer.RTSPPermissions()
            permissions.add_permission_for_role("user", "media.factory.access", True)
            permissions.add_permission_for_role("user", "media.factory.construct", True)
            factory.set_permissions(permissions)
        mounts.add_factory("/" + name, factory)

    if args.user:
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string("media.factory.role", "user")
        if args.auth == "digest":
            auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
            auth.add_digest(args.user, args.password or "", token)
        else:
            auth.add_basic(GstRtspServer.RTSPAuth.make_basic(args.user, args.password or ""), token)
        server.set_auth(auth)

    if server.attach(None) == 0:
        print(f"cannot listen on 127.0.0.1:{args.port}", file=sys.stderr, flush=True)
        return 1
    print(f"ready {args.port}", flush=True)
    GLib.MainLoop().run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
