using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Emu.Regress.Manifest;

namespace Emu.Regress.Running;

/// <summary>
/// Runs one case as a user would: its own emu process with COM1, the debug console and the
/// --line-log in files of its artifact folder and a QMP socket, matches the expectations in
/// order, runs their QMP steps, and leaves the log, the transcript, a screendump and the command
/// line behind. A crash of emu fails the case, never the runner.
/// The deterministic horizon is the line that matched the first expectation with QMP steps (after
/// it the guest sees commands at wall-clock moments), else the last expectation of a case that
/// ends at its marker (after it the runner quits emu at a wall-clock moment), else the whole log.
/// </summary>
public sealed class CaseRunner
{
    private const int TailLines = 40;

    /// <summary>The RTC's start for cases that do not set -rtc (the guest images' SOURCE_DATE_EPOCH).</summary>
    private const string RtcBase = "2025-01-01T00:00:00";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan ScreenPoll = TimeSpan.FromMilliseconds(250);

    private readonly RegressCase _case;
    private readonly RunSettings _settings;
    private readonly CaseResult _result;
    private readonly string _dir;
    private readonly Dictionary<string, string> _copies = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = new();
    private QmpChannel? _qmp;

    /// <summary>Where the search for the STOP event of the next stop expectation starts.</summary>
    private int _nextStopEvent;

    private CaseRunner(RegressCase regressCase, RunSettings settings)
    {
        _case = regressCase;
        _settings = settings;
        _dir = Path.GetFullPath(Path.Combine(settings.OutputDirectory, regressCase.RunName));
        _result = new CaseResult { Case = regressCase, ArtifactDirectory = _dir };
    }

    private CaseSpec Spec => _case.Spec;

    public static async Task<CaseResult> RunAsync(RegressCase regressCase, RunSettings settings)
    {
        CaseRunner runner = new(regressCase, settings);
        try
        {
            await runner.RunAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            runner._result.Fail($"the runner could not run the case: {e.Message}");
        }

        runner._result.Duration = runner._clock.Elapsed;
        return runner._result;
    }

    /// <summary>The --instruction-limit for a case whose every expectation has an instruction deadline.</summary>
    public static long? InstructionLimit(CaseSpec spec) =>
        spec.End == "marker" && spec.Expect.Count > 0 && spec.Expect.All(e => e.Instructions is not null)
            ? spec.Expect.Max(e => e.Instructions!.Value) + 1
            : null;

    private static bool IsRealtime(IReadOnlyList<string> options)
    {
        for (int i = 0; i + 1 < options.Count; i++)
        {
            if (options[i] is "--clock" or "-clock" && options[i + 1] == "realtime")
            {
                return true;
            }
        }

        return false;
    }

    private static string ShellQuote(string s) =>
        s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c)) ? s : "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private async Task RunAsync()
    {
        _clock.Start();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }

        string work = Path.Combine(_dir, "work");
        Directory.CreateDirectory(work);
        foreach (string name in ManifestValidator.ImagesOf(Spec))
        {
            string source = _settings.ImagePath(name);
            string copy = Path.Combine(work, name + Path.GetExtension(source));
            File.Copy(source, copy);
            _copies[name] = copy;
        }

        string socket = Path.Combine(Path.GetTempPath(), $"emu-regress-{Environment.ProcessId}-{Guid.NewGuid():N}.sock");
        List<string> args = [.. Spec.Options.Select(o => ManifestValidator.Substitute(o, n => _copies[n]))];
        if (!Spec.Options.Contains("-rtc"))
        {
            // emu starts the RTC at the host's time, as QEMU does: two runs whose machines are built
            // on either side of a second's edge would read different times and run differently.
            args.AddRange(["-rtc", "base=" + RtcBase]);
        }

        args.AddRange(["-display", "none", "-serial", "file:serial.log", "-debugcon", "file:debugcon.log",
            "-qmp", $"unix:{socket},server=on,wait=off", "--line-log", "lines.log"]);
        if (Spec.End == "power-off")
        {
            // Keep emu after the guest powers off so the runner can take the last screendump.
            args.Add("-no-shutdown");
        }

        if (InstructionLimit(Spec) is { } limit)
        {
            args.AddRange(["--instruction-limit", limit.ToString(CultureInfo.InvariantCulture)]);
        }

        foreach (ExpectSpec stop in Spec.Expect.Where(e => e.Stop))
        {
            args.AddRange(["--stop-at-line", stop.Serial is not null ? "com1:" + stop.Serial : "debugcon:" + stop.DebugCon]);
        }

        // A screen match is polled at a wall-clock moment, so lines up to a horizon it decides may differ.
        int horizon = Horizon(Spec);
        _result.Deterministic = !IsRealtime(Spec.Options)
            && !Spec.Expect.Take(horizon < 0 ? Spec.Expect.Count : horizon + 1).Any(e => e.Screen is not null);
        await File.WriteAllTextAsync(Path.Combine(_dir, "command.txt"),
            $"cd {ShellQuote(_dir)} && {ShellQuote(_settings.EmuPath)} {string.Join(' ', args.Select(ShellQuote))}\n").ConfigureAwait(false);

        // -S (left out of the command line above, which a person runs by hand): the guest starts
        // only once the runner's monitor is connected and sends cont, so a short case cannot end
        // before its QMP steps, events and screendump are reachable.
        args.Add("-S");

        ProcessStartInfo start = new(_settings.EmuPath)
        {
            WorkingDirectory = _dir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using FileStream output = new(Path.Combine(_dir, "emu-output.log"), FileMode.Create, FileAccess.Write, FileShare.Read);
        using StreamWriter transcript = new(Path.Combine(_dir, "qmp.log"));
        using Process process = Process.Start(start)!;
        process.StandardInput.Close();
        Task copyOut = process.StandardOutput.BaseStream.CopyToAsync(output);
        Task copyErr = process.StandardError.BaseStream.CopyToAsync(output);
        try
        {
            _qmp = await QmpChannel.ConnectAsync(socket, transcript, _clock, () => !process.HasExited, TimeSpan.FromSeconds(60), CancellationToken.None).ConfigureAwait(false);
            if (_qmp is null)
            {
                _result.Fail(process.HasExited
                    ? $"emu exited with status {process.ExitCode} before it opened its QMP socket"
                    : "emu did not open its QMP socket within 60 s");
            }
            else
            {
                _result.Startup = _clock.Elapsed;
                await _qmp.ExecuteAsync("cont", null, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
                await WatchAsync(process).ConfigureAwait(false);
            }

            await FinishAsync(process).ConfigureAwait(false);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync().ConfigureAwait(false);
            await Task.WhenAll(copyOut, copyErr).ConfigureAwait(false);
            if (_qmp is not null)
            {
                await _qmp.DisposeAsync().ConfigureAwait(false);
            }

            File.Delete(socket);
        }

        Collect();
    }

    private async Task WatchAsync(Process process)
    {
        using LineLogFollower follower = new(Path.Combine(_dir, "lines.log"));
        Regex[] forbid = [.. Spec.Forbid.Select(f => new Regex(f, RegexOptions.None, ManifestValidator.RegexTimeout))];
        int horizon = Horizon(Spec);
        bool horizonReached = false;
        int next = 0;
        TimeSpan lastScreenPoll = -ScreenPoll;
        bool exited = false;
        while (true)
        {
            // Read once more after emu exited, so the lines it wrote last are judged too.
            exited = process.HasExited;
            foreach (GuestLine line in follower.ReadNew())
            {
                _result.LastInstructions = line.Instructions;
                if (!horizonReached)
                {
                    _result.DeterministicLines.Add(line);
                }

                foreach (Regex f in forbid)
                {
                    if (f.IsMatch(line.Text))
                    {
                        _result.Fail($"a forbidden line (/{f}/) on {line.Port} at instruction {line.Instructions}: {line.Text}");
                        return;
                    }
                }

                if (next >= Spec.Expect.Count)
                {
                    continue;
                }

                ExpectSpec expect = Spec.Expect[next];
                if (expect.Instructions is { } deadline && line.Instructions > deadline)
                {
                    _result.Fail($"{Describe(expect)} did not appear within {deadline} instructions");
                    return;
                }

                string? pattern = line.Port == "com1" ? expect.Serial : line.Port == "debugcon" ? expect.DebugCon : null;
                if (pattern is not null && Regex.IsMatch(line.Text, pattern, RegexOptions.None, ManifestValidator.RegexTimeout))
                {
                    if (!await RunStepsAsync(expect).ConfigureAwait(false))
                    {
                        return;
                    }

                    horizonReached |= next == horizon;
                    next++;
                }
            }

            if (next < Spec.Expect.Count && Spec.Expect[next].Screen is { } screen && !exited && _clock.Elapsed - lastScreenPoll >= ScreenPoll)
            {
                lastScreenPoll = _clock.Elapsed;
                if (Regex.IsMatch(await ScreenTextAsync().ConfigureAwait(false), screen, RegexOptions.Multiline, ManifestValidator.RegexTimeout))
                {
                    if (!await RunStepsAsync(Spec.Expect[next]).ConfigureAwait(false))
                    {
                        return;
                    }

                    next++;
                    continue;
                }
            }

            if (next == Spec.Expect.Count)
            {
                if (Spec.End == "marker")
                {
                    return;
                }

                if (Spec.End == "power-off" && _qmp!.HasEvent("SHUTDOWN", IsGuestShutdown))
                {
                    return;
                }

                if (Spec.End == "exit" && exited)
                {
                    if (process.ExitCode != Spec.ExitCode)
                    {
                        _result.Fail($"emu exited with status {process.ExitCode}, not {Spec.ExitCode}");
                    }

                    return;
                }
            }

            if (exited)
            {
                if (next < Spec.Expect.Count)
                {
                    string why = InstructionLimit(Spec) is { } limit && _result.LastInstructions < limit
                        ? $" (emu stopped at --instruction-limit {limit})"
                        : string.Empty;
                    _result.Fail(InstructionLimit(Spec) is not null
                        ? $"{Describe(Spec.Expect[next])} did not appear within {Spec.Expect[next].Instructions} instructions{why}"
                        : $"emu exited with status {process.ExitCode} before {Describe(Spec.Expect[next])}");
                }
                else if (Spec.End == "power-off")
                {
                    _result.Fail($"emu exited with status {process.ExitCode} without a guest power-off");
                }

                return;
            }

            if (next < Spec.Expect.Count && Spec.Expect[next].Seconds is { } seconds && _clock.Elapsed.TotalSeconds > seconds)
            {
                _result.Fail($"{Describe(Spec.Expect[next])} did not appear within {seconds} s");
                return;
            }

            if (_clock.Elapsed.TotalSeconds > Spec.Timeout)
            {
                _result.Fail(next < Spec.Expect.Count
                    ? $"{Describe(Spec.Expect[next])} did not appear within the case's timeout of {Spec.Timeout} s"
                    : $"the case did not reach its end ({Spec.End}) within its timeout of {Spec.Timeout} s");
                return;
            }

            await Task.Delay(Poll).ConfigureAwait(false);
        }
    }

    private static bool IsGuestShutdown(JsonElement e) =>
        e.TryGetProperty("data", out JsonElement data) && data.TryGetProperty("reason", out JsonElement reason) && reason.GetString() == "guest-shutdown";

    private static int Horizon(CaseSpec spec)
    {
        // Steps at a stop run while the guest stands still at a fixed instruction: they keep the run deterministic.
        int firstSteps = spec.Expect.FindIndex(e => e.Qmp.Count > 0 && !e.Stop);
        if (firstSteps >= 0)
        {
            return firstSteps;
        }

        return spec.End == "marker" ? spec.Expect.Count - 1 : -1;
    }

    private static string Describe(ExpectSpec e) =>
        e.Serial is not null ? $"serial /{e.Serial}/" : e.DebugCon is not null ? $"debugcon /{e.DebugCon}/" : $"screen /{e.Screen}/";

    private async Task<string> ScreenTextAsync()
    {
        JsonElement reply = await _qmp!.ExecuteAsync("x-query-screen-text", null, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        return reply.TryGetProperty("return", out JsonElement r)
            ? string.Join('\n', r.GetProperty("rows").EnumerateArray().Select(x => x.GetString()))
            : string.Empty;
    }

    private async Task<bool> RunStepsAsync(ExpectSpec expect)
    {
        if (expect.Stop)
        {
            // Emu stopped at the line's newline and said so with STOP (--stop-at-line); continue it after the steps.
            int stopped = await _qmp!.WaitEventIndexAsync("STOP", _nextStopEvent, _ => true, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            if (stopped < 0)
            {
                _result.Fail($"emu did not stop at {Describe(expect)} (no STOP event within 60 s)");
                return false;
            }

            _nextStopEvent = stopped + 1;
        }

        foreach (QmpStepSpec step in expect.Qmp)
        {
            int from = _qmp!.EventCount;
            JsonElement? arguments = step.Arguments is { } a ? SubstituteImages(a) : null;
            JsonElement reply = await _qmp.ExecuteAsync(step.Execute, arguments, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            bool isError = reply.TryGetProperty("error", out JsonElement error);
            if (step.Error is { } expectedClass)
            {
                if (!isError || error.GetProperty("class").GetString() != expectedClass
                    || (step.ErrorDesc is { } desc && error.GetProperty("desc").GetString() != desc))
                {
                    _result.Fail($"QMP {step.Execute}: expected a {expectedClass} error{(step.ErrorDesc is null ? string.Empty : $" '{step.ErrorDesc}'")}, got {reply.GetRawText()}");
                    return false;
                }
            }
            else if (isError)
            {
                _result.Fail($"QMP {step.Execute} failed: {error.GetRawText()}");
                return false;
            }
            else if (step.Reply is { } expected && !JsonSubset.Matches(expected, reply.GetProperty("return")))
            {
                _result.Fail($"QMP {step.Execute}: the reply {reply.GetProperty("return").GetRawText()} does not match {expected.GetRawText()}");
                return false;
            }

            if (step.Event is { } name)
            {
                JsonElement? data = step.EventData;
                JsonElement? seen = await _qmp.WaitEventAsync(name, from,
                    e => data is null || (e.TryGetProperty("data", out JsonElement d) && JsonSubset.Matches(data.Value, d)),
                    TimeSpan.FromSeconds(step.EventSeconds)).ConfigureAwait(false);
                if (seen is null)
                {
                    _result.Fail($"QMP {step.Execute}: no {name} event{(data is null ? string.Empty : $" with {data.Value.GetRawText()}")} within {step.EventSeconds} s");
                    return false;
                }
            }
        }

        if (expect.Stop)
        {
            JsonElement resumed = await _qmp!.ExecuteAsync("cont", null, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            if (resumed.TryGetProperty("error", out JsonElement error))
            {
                _result.Fail($"QMP cont after the stop at {Describe(expect)} failed: {error.GetRawText()}");
                return false;
            }
        }

        return true;
    }

    private JsonElement SubstituteImages(JsonElement arguments)
    {
        JsonNode node = JsonNode.Parse(arguments.GetRawText())!;
        Walk(node);
        return JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();

        void Walk(JsonNode n)
        {
            if (n is JsonObject o)
            {
                foreach (string key in o.Select(p => p.Key).ToList())
                {
                    if (o[key] is JsonValue v && v.TryGetValue(out string? s))
                    {
                        o[key] = ManifestValidator.Substitute(s, x => _copies.TryGetValue(x, out string? p) ? p : "${" + x + "}");
                    }
                    else if (o[key] is { } child)
                    {
                        Walk(child);
                    }
                }
            }
            else if (n is JsonArray a)
            {
                foreach (JsonNode? child in a)
                {
                    if (child is not null)
                    {
                        Walk(child);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The last screendump (while emu still runs), then quit. A guest that powers off after its
    /// last expectation ends emu by itself, so its monitor may close while the runner asks: then
    /// there is no screendump, and the case stands on how emu exited.
    /// </summary>
    private async Task FinishAsync(Process process)
    {
        string screen = Path.Combine(_dir, "screen.png");
        if (_qmp is not null && !process.HasExited)
        {
            try
            {
                JsonElement dump = await _qmp.ExecuteAsync("screendump", JsonDocument.Parse(
                    new JsonObject { ["filename"] = screen, ["format"] = "png" }.ToJsonString()).RootElement, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                if (dump.TryGetProperty("error", out JsonElement error))
                {
                    await File.WriteAllTextAsync(screen + ".txt", $"no screendump: {error.GetRawText()}\n").ConfigureAwait(false);
                }

                await _qmp.ExecuteAsync("quit", null, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            }
            catch (QmpClosedException e)
            {
                await EndedByItselfAsync(process, e.Message).ConfigureAwait(false);
                return;
            }
            catch (TimeoutException e)
            {
                await File.WriteAllTextAsync(screen + ".txt", $"no screendump: {e.Message}\n").ConfigureAwait(false);
            }

            if (!await ExitsWithinAsync(process, TimeSpan.FromSeconds(30)).ConfigureAwait(false))
            {
                _result.Fail("emu did not end within 30 s of QMP quit");
            }
        }
        else
        {
            if (!File.Exists(screen))
            {
                string why = process.HasExited ? $"emu had exited (status {process.ExitCode}) before the runner could ask" : "emu had no QMP monitor";
                await File.WriteAllTextAsync(screen + ".txt", $"no screendump: {why}\n").ConfigureAwait(false);
            }

            if (process.HasExited)
            {
                JudgeOwnExit(process);
            }
        }
    }

    /// <summary>Emu that ended by itself must have ended well, unless the case judges the status itself (end "exit").</summary>
    private void JudgeOwnExit(Process process)
    {
        if (Spec.End != "exit" && process.ExitCode != 0)
        {
            _result.Fail($"emu exited with status {process.ExitCode} after the last expectation");
        }
    }

    private async Task EndedByItselfAsync(Process process, string closed)
    {
        string screen = Path.Combine(_dir, "screen.png");
        if (!await ExitsWithinAsync(process, TimeSpan.FromSeconds(30)).ConfigureAwait(false))
        {
            _result.Fail($"{closed}, and emu did not end within 30 s");
            return;
        }

        await File.WriteAllTextAsync(screen + ".txt", $"no screendump: emu ended by itself (status {process.ExitCode}) while the runner asked: {closed}\n").ConfigureAwait(false);
        JudgeOwnExit(process);
    }

    private static async Task<bool> ExitsWithinAsync(Process process, TimeSpan limit)
    {
        using CancellationTokenSource grace = new(limit);
        try
        {
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Collect()
    {
        string serial = Path.Combine(_dir, "serial.log");
        if (File.Exists(serial))
        {
            string[] lines = Encoding.Latin1.GetString(File.ReadAllBytes(serial)).Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
            _result.SerialTail = string.Join('\n', lines.TakeLast(TailLines));
        }

        CheckGolden();
        bool passed = _result.Outcome == CaseOutcome.Passed;
        if (passed && !_settings.KeepWork)
        {
            Directory.Delete(Path.Combine(_dir, "work"), recursive: true);
        }

        _result.Artifacts.AddRange(Directory.EnumerateFiles(_dir).Order(StringComparer.Ordinal));
    }

    private void CheckGolden()
    {
        if (Spec.Golden is not { } golden || _result.Outcome != CaseOutcome.Passed)
        {
            return;
        }

        if (golden.Serial is { } serialGolden)
        {
            string path = _case.Manifest.Resolve(serialGolden);
            string actual = string.Concat(_result.DeterministicLines.Where(l => l.Port == "com1").Select(l => l.Text + "\n"));
            Compare(path, Encoding.Latin1.GetBytes(actual), $"{_case.Field}.golden.serial");
        }

        if (golden.Screen is { } screenGolden)
        {
            string screen = Path.Combine(_dir, "screen.png");
            byte[] actual = File.Exists(screen) ? File.ReadAllBytes(screen) : [];
            Compare(_case.Manifest.Resolve(screenGolden), actual, $"{_case.Field}.golden.screen");
        }
    }

    private void Compare(string path, byte[] actual, string field)
    {
        if (_settings.UpdateGolden)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, actual);
            return;
        }

        if (!File.Exists(path))
        {
            _result.Fail($"{field}: the golden file {path} is missing (run with --update-golden to write it)");
            return;
        }

        if (!File.ReadAllBytes(path).AsSpan().SequenceEqual(actual))
        {
            File.WriteAllBytes(Path.Combine(_dir, "actual-" + Path.GetFileName(path)), actual);
            _result.Fail($"{field}: differs from the golden file {path} (this run's copy: actual-{Path.GetFileName(path)})");
        }
    }
}
