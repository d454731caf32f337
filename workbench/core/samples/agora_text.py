"""Message texts for the generated logs: Agora 4.x events, API calls, logcat and Jitsi messages.

Kept apart from ``logs.py`` (which formats lines and keeps the clock) so both stay small. Every
function returns ``(tid, level, message)`` or a similar tuple; randomness comes from the caller's
seeded ``random.Random``.
"""

from __future__ import annotations

import random

MAIN_TID, API_TID, AUDIO_TID, NET_TID = 2231, 2207, 2249, 2240
REMOTE_UID = 67890
ENGINE = "this:0x7a11c2d000"
Event = tuple[int, str, str]

SYSTEM_TAGS = frozenset({"ActivityManager", "ConnectivityService", "AudioFlinger", "PowerManagerService"})

JAVA_TRACE = [
    "java.net.ConnectException: Connection refused",
    "\tat java.base/sun.nio.ch.Net.pollConnect(Native Method)",
    "\tat org.jivesoftware.smack.tcp.XMPPTCPConnection.connectInternal(XMPPTCPConnection.java:861)",
]


def join_call(channel: str, uid: int) -> str:
    """The body of a ``RtcEngine::joinChannel`` API trace line."""
    return (
        f'RtcEngine::joinChannel({ENGINE}, {{"token":"007eJxTYPgWc2pFq3Lt8wq1Nb", '
        f'"channelId":"{channel}", "uid":{uid}, "options":{{"clientRoleType":1, '
        '"publishMicrophoneTrack":true, "autoSubscribeAudio":true}})'
    )


def startup_events(channel: str, uid: int, platform: bool) -> list[Event]:
    """Engine start-up, join and first remote user; ``platform`` adds Android/device/network lines."""
    events: list[Event] = [(MAIN_TID, "I", "[AGS]: Agora SDK ver 4.3.0 build 10021")]
    if platform:
        events += [
            (MAIN_TID, "I", "[AGS]: os Android 14 (api 34), device Google Pixel 7 (panther), abi arm64-v8a"),
            (MAIN_TID, "W", "[CommonUtility] fail to fillWifiInfo, permission ACCESS_WIFI_STATE not granted"),
            (NET_TID, "I", "[NetOb] network type changed to 4G (MOBILE_4G), local ip 10.142.77.19"),
        ]
    events += [
        (API_TID, "U", '(00000001): RtcEngine::initialize({"appId":"3f1c****8e05", "channelProfile":1})'),
        (MAIN_TID, "I", "audio_device_impl.cc: (line 54): Create"),
        (AUDIO_TID, "I", "[AudioRoute] default audio route: speakerphone"),
        (API_TID, "A", '(00000040):   RtcEngine::setParameters({"rtc.enable_nasa2":true})'),
        (API_TID, "U", "(00000041): RtcEngine::enableAudio()"),
        (API_TID, "U", f"(00000042): {join_call(channel, uid)}"),
        (MAIN_TID, "I", "[CONN-0][CM]: connection state changed from 1 to 2 caused by reason[0]"),
        (NET_TID, "I", "[vos] selected edge server 47.74.161.20:4001, rtt 38ms"),
        (MAIN_TID, "I", "[CONN-0][CM]: connection state changed from 2 to 3 caused by reason[1]"),
        (MAIN_TID, "I", f'[AGS][cb] onJoinChannelSuccess channel "{channel}" uid {uid} elapsed 412'),
        (MAIN_TID, "I", f"[AGS][cb] onUserJoined uid {REMOTE_UID} elapsed 613"),
        (MAIN_TID, "I", f"[AGS][cb] onRemoteAudioStateChanged uid {REMOTE_UID} state 2 (DECODING) reason 6"),
    ]
    return events


def _drop(cycle: int) -> list[Event]:
    """The lines of one drop into RECONNECTING."""
    return [
        (NET_TID, "W", f"[vos] no response from edge server 47.74.161.20:4001 for {3 + cycle}s"),
        (MAIN_TID, "I", "[CONN-0][CM]: connection state changed from 3 to 4 caused by reason[2]"),
        (MAIN_TID, "W", "[AGS][cb] onConnectionStateChanged state 4 (RECONNECTING) reason 2 (INTERRUPTED)"),
        (MAIN_TID, "W", f"[AGS][cb] onRemoteAudioStateChanged uid {REMOTE_UID} state 3 (FROZEN) reason 1"),
    ]


def _rejoin() -> list[Event]:
    """The lines of one successful rejoin."""
    return [
        (MAIN_TID, "I", "[CONN-0][CM]: connection state changed from 4 to 3 caused by reason[3]"),
        (MAIN_TID, "I", "[AGS][cb] onConnectionStateChanged state 3 (CONNECTED) reason 3 (REJOIN_SUCCESS)"),
    ]


def incident_script(body_n: int) -> dict[int, list[Event]]:
    """Scripted weak-network events keyed by their line index inside the log body."""
    at = {
        0.40: [(MAIN_TID, "W", "[CHP] network quality poor: uid 0 txQuality 5 rxQuality 5")],
        0.42: [(NET_TID, "W", "[vos] packet loss up: down 28.4%, up 17.9%, rtt 812ms")],
        0.45: _drop(0),
        0.47: [
            (
                AUDIO_TID,
                "E",
                "audio_device_impl.cc: (line 612): audio playback device error: write returned -6",
            ),
            (AUDIO_TID, "E", "[ADM] audio playback device error, restarting playout (err 1017)"),
        ],
        0.50: _rejoin(),
        0.56: _drop(1),
        0.61: _rejoin(),
        0.68: _drop(2),
        0.70: [(MAIN_TID, "W", "[CHP] network quality poor: uid 0 txQuality 6 rxQuality 6")],
        0.74: _rejoin(),
        0.78: [(MAIN_TID, "I", f"[AGS][cb] onRemoteAudioStateChanged uid {REMOTE_UID} state 2 reason 2")],
    }
    return {int(frac * body_n): events for frac, events in at.items()}


def filler_event(rng: random.Random, stressed: bool) -> Event:
    """One routine line; ``stressed`` means the weak-network window (more loss, more warnings)."""
    loss = rng.uniform(8, 35) if stressed else rng.uniform(0, 2)
    rtt = rng.randint(300, 1400) if stressed else rng.randint(35, 90)
    roll = rng.random()
    if roll < 0.035:
        return (API_TID, "A", f"({rng.randint(43, 311):08d}):   RtcEngine::getConnectionState()")
    if roll < (0.115 if stressed else 0.05):
        return (
            NET_TID,
            "W",
            f"[vos] send queue delay {rng.randint(200, 900)}ms, drop {rng.randint(1, 40)} packets",
        )
    templates = (
        (
            AUDIO_TID,
            f"[rp] remote uid {REMOTE_UID} audio: recv {rng.randint(18, 48)}kbps, loss {loss:.1f}%, "
            f"jitter {rng.randint(5, 120)}ms",
        ),
        (AUDIO_TID, f"audio_device_impl.cc: (line 287): playout delay {rng.randint(20, 140)} ms"),
        (MAIN_TID, f"[CHP] rtt {rtt}ms, up loss {loss * 0.6:.1f}%, down loss {loss:.1f}%"),
        (
            MAIN_TID,
            f"[LVTM] local video: sent {rng.randint(150, 900)}kbps, fps {rng.randint(10, 15)}, 640x360",
        ),
        (NET_TID, f"[NetOb] tx {rng.randint(40, 950)}kbps rx {rng.randint(30, 600)}kbps"),
        (NET_TID, f"[vos] keep alive ack from 47.74.161.20:4001, rtt {rtt}ms"),
        (AUDIO_TID, f"[AudioRoute] route unchanged: speakerphone, volume {rng.randint(40, 100)}"),
    )
    tid, msg = rng.choice(templates)
    return (tid, "I", msg)


def leave_events() -> list[Event]:
    """The user leaves the channel."""
    return [
        (API_TID, "U", f"({312:08d}): RtcEngine::leaveChannel({ENGINE})"),
        (MAIN_TID, "I", "[CONN-0][CM]: connection state changed from 3 to 1 caused by reason[5]"),
        (MAIN_TID, "I", "[AGS][cb] onLeaveChannel duration 598s, tx 21.6MB, rx 14.2MB"),
        (AUDIO_TID, "I", "audio_device_impl.cc: (line 301): StopPlayout"),
    ]


def log_stat_count(requests: int, should: int) -> str:
    """The summary line the SDK writes when the log file is closed."""
    return f"[log_stat_count] request: {requests}, should: {should}, lost: 0"


def api_calls(channel: str, uid: int) -> list[tuple[str, int, str]]:
    """The first API calls of a session as ``(level, depth, call)``."""
    return [
        ("U", 0, f'RtcEngine::initialize({ENGINE}, {{"appId":"3f1c****8e05", "channelProfile":1}})'),
        ("A", 1, 'RtcEngine::setParameters({"rtc.report_app_scenario":{"appScenario":0}})'),
        (
            "A",
            1,
            'RtcEngine::setLogFile("/storage/emulated/0/Android/data/com.example.rtcdemo/files/agorasdk.log")',
        ),
        ("U", 0, f"RtcEngine::enableAudio({ENGINE})"),
        ("U", 0, f"RtcEngine::setClientRole({ENGINE}, 1)"),
        ("U", 0, f"RtcEngine::enableVideo({ENGINE})"),
        ("U", 0, f'RtcEngine::setupLocalVideo({ENGINE}, {{"view":0x7b20f1c3a0, "renderMode":1}})'),
        ("U", 0, join_call(channel, uid)),
        ("A", 1, "RtcEngine::joinChannelWithOptions(...)"),
    ]


def periodic_api_call(rng: random.Random) -> tuple[str, int, str]:
    """A routine API call made while in the channel."""
    return rng.choice(
        (
            ("A", 1, f"RtcEngine::getConnectionState({ENGINE})"),
            ("U", 0, f"RtcEngine::adjustPlaybackSignalVolume({ENGINE}, {rng.choice((80, 100, 120))})"),
            ("U", 0, f"RtcEngine::muteLocalVideoStream({ENGINE}, {rng.choice(('true', 'false'))})"),
            ("A", 2, f"MediaEngine::pullAudioFrame({ENGINE}, samples {rng.choice((441, 480))})"),
            ("U", 0, f"RtcEngine::setEnableSpeakerphone({ENGINE}, true)"),
        )
    )


def logcat_system_event(rng: random.Random) -> tuple[str, str, str]:
    """A system_server line (activity manager, connectivity, power)."""
    return rng.choice(
        (
            ("I", "ActivityManager", "Start proc 4821:com.example.rtcdemo/u0a231 for top-activity"),
            ("D", "ConnectivityService", "NetworkAgentInfo [MOBILE (LTE) - 101] validation passed"),
            (
                "W",
                "ConnectivityService",
                f"NetworkAgentInfo [MOBILE (LTE) - 101] signal {rng.randint(-121, -105)} dBm",
            ),
            ("D", "PowerManagerService", 'acquireWakeLockInternal: lock=21871354, flags=0x1, tag="AudioMix"'),
            (
                "W",
                "AudioFlinger",
                f"write blocked for {rng.randint(90, 400)} msecs, {rng.randint(1, 30)} delayed writes",
            ),
        )
    )


def logcat_app_event(rng: random.Random) -> tuple[str, str, str]:
    """A line from the customer's app process (the Agora JNI layer and the app itself)."""
    return rng.choice(
        (
            ("I", "agora-jni", f"onConnectionStateChanged state={rng.choice((3, 3, 3, 4))}"),
            (
                "D",
                "agora-jni",
                f"onRtcStats users=2 cpuApp={rng.randint(4, 19)}% rxKBitRate={rng.randint(20, 700)}",
            ),
            ("I", "CallActivity", f"remote audio quality={rng.randint(1, 6)} for uid={REMOTE_UID}"),
            ("D", "RtcEngineImpl", f"network quality tx={rng.randint(1, 6)} rx={rng.randint(1, 6)}"),
        )
    )


def logcat_audio_event(rng: random.Random) -> tuple[str, str, str]:
    """An audio stack line from the app process."""
    return rng.choice(
        (
            ("D", "AudioTrack", f"getTimestamp_l(): position {rng.randint(10**5, 10**7)} stall corrected"),
            (
                "W",
                "AudioTrack",
                "releaseBuffer() track 0x7a33f0c000 disabled due to previous underrun, restarting",
            ),
            ("I", "AudioManager", "In setSpeakerphoneOn(), on: true"),
            ("D", "AudioTrack", "stop(92): 0x7a33f0c000 stop done"),
        )
    )


def jvb_event(rng: random.Random, i: int) -> tuple[str, str]:
    """One Jitsi Videobridge message as ``(level, text)``."""
    if i == 0:
        return "INFO", "JvbMain.main#61: Starting jitsi-videobridge version 2.3.92-g9d4d2a6b"
    return rng.choice(
        (
            ("INFO", "VideobridgeExpireThread.expire#140: Running expire()"),
            (
                "INFO",
                f"HealthChecker.run#171: Performed a successful health check in PT0.00{rng.randint(1, 9)}S.",
            ),
            ("WARNING", "MucClient.connect#215: Error connecting, retrying in 5s"),
            ("INFO", f"Videobridge.createConference#372: create_conf, id={rng.randint(10**7, 10**8):x}"),
        )
    )
