#!/usr/bin/env bash
# Makes the tiny real media packages under test/fixtures/media (issue 14): 4 s of a generated test
# pattern with a sine tone, two renditions (320x180 and 160x90 at 10 fps) and one audio rendition,
# 1 s segments (the tone is 3.97 s so the AAC priming does not spill into a fifth 1 s segment
# that a DASH $Number$ template of 4 s does not name). The outputs are committed; run this again only to change them
# (needs Debian's ffmpeg: apt-get install ffmpeg). Low bitrates keep the whole set small.
#   bash scripts/make-media-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=test/fixtures/media
SRC=$(mktemp -d)
trap 'rm -rf "$SRC"' EXIT

cat >"$SRC/subs.vtt" <<'VTT'
WEBVTT

00:00:00.000 --> 00:00:02.000
Test pattern

00:00:02.000 --> 00:00:04.000
Sine tone at 440 Hz
VTT

# Inputs and encodes shared by every package: keyframes every second so every segment is 1 s.
INPUTS=(-f lavfi -i "testsrc2=size=320x180:rate=10:duration=4" -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=3.97")
VIDEO=(-map 0:v -map 0:v -map 1:a
  -c:v libx264 -preset veryfast -profile:v main -pix_fmt yuv420p -g 10 -keyint_min 10 -sc_threshold 0 -bf 0
  -filter:v:1 scale=160:90
  -b:v:0 60k -maxrate:v:0 80k -bufsize:v:0 80k
  -b:v:1 25k -maxrate:v:1 35k -bufsize:v:1 35k
  -c:a aac -b:a 24k -ac 1
  -fflags +bitexact -flags:v +bitexact -flags:a +bitexact)
FF=(ffmpeg -hide_banner -loglevel error -y)

# 1. HLS with MPEG-TS segments: a master with an alternate audio rendition and a WebVTT subtitle rendition.
rm -rf "$OUT/hls-ts" && mkdir -p "$OUT/hls-ts"
# ffmpeg's HLS muxer writes a subtitle rendition only with a video variant, so the WebVTT input is
# mapped once per variant (two renditions in the "subs" group, as ffmpeg makes them).
(cd "$OUT/hls-ts" && "${FF[@]}" "${INPUTS[@]}" -i "$SRC/subs.vtt" "${VIDEO[@]}" -map 2:s -map 2:s -c:s webvtt \
  -f hls -hls_time 1 -hls_playlist_type vod -hls_flags independent_segments \
  -hls_segment_filename "%v/seg_%03d.ts" -master_pl_name master.m3u8 \
  -var_stream_map "v:0,s:0,agroup:aud,sgroup:subs,name:v320 v:1,s:1,agroup:aud,sgroup:subs,name:v160 a:0,agroup:aud,default:yes,language:en,name:audio" \
  "%v/index.m3u8")

# 2. HLS CMAF/fMP4: EXT-X-MAP init segments.
rm -rf "$OUT/hls-fmp4" && mkdir -p "$OUT/hls-fmp4"
(cd "$OUT/hls-fmp4" && "${FF[@]}" "${INPUTS[@]}" "${VIDEO[@]}" \
  -f hls -hls_time 1 -hls_playlist_type vod -hls_flags independent_segments -hls_segment_type fmp4 \
  -hls_fmp4_init_filename init.mp4 -hls_segment_filename "%v/seg_%03d.m4s" -master_pl_name master.m3u8 \
  -var_stream_map "v:0,agroup:aud,name:v320 v:1,agroup:aud,name:v160 a:0,agroup:aud,default:yes,language:en,name:audio" \
  "%v/index.m3u8")

# 3. DASH, SegmentTemplate with a SegmentTimeline ($Time$).
rm -rf "$OUT/dash-timeline" && mkdir -p "$OUT/dash-timeline"
(cd "$OUT/dash-timeline" && "${FF[@]}" "${INPUTS[@]}" "${VIDEO[@]}" \
  -f dash -seg_duration 1 -use_timeline 1 -use_template 1 -adaptation_sets "id=0,streams=v id=1,streams=a" \
  -init_seg_name 'init-$RepresentationID$.m4s' -media_seg_name 'chunk-$RepresentationID$-$Time$.m4s' \
  manifest.mpd)
# ffmpeg 5.1 names the first AAC segment by its pts, which the encoder's priming makes negative
# ("chunk-2--1024.m4s"), while the SegmentTimeline it writes starts at t="0": a player asks for
# chunk-2-0.m4s. Check Package reports exactly that (missing + unreferenced) on the raw output;
# the committed package is the one a player can play.
mv "$OUT/dash-timeline/chunk-2--1024.m4s" "$OUT/dash-timeline/chunk-2-0.m4s"

# 4. DASH, SegmentTemplate with $Number$ and a duration (no timeline), segments in a folder.
rm -rf "$OUT/dash-number" && mkdir -p "$OUT/dash-number/seg"
(cd "$OUT/dash-number" && "${FF[@]}" "${INPUTS[@]}" "${VIDEO[@]}" \
  -f dash -seg_duration 1 -use_timeline 0 -use_template 1 -adaptation_sets "id=0,streams=v id=1,streams=a" \
  -init_seg_name 'seg/init-$RepresentationID$.m4s' -media_seg_name 'seg/chunk-$RepresentationID$-$Number%03d$.m4s' \
  manifest.mpd)

du -sb "$OUT" | cut -f1 | xargs -I{} echo "test/fixtures/media: {} bytes"
