import Foundation
import OpsCore
import OpsStore
import TermUI

extension AlertsPane {
    /// Opens the silence form for the alert under the cursor with its preview loaded.
    func openSilenceForm(_ alert: AlertRecord) {
        var form = SilenceForm(alert: alert)
        updatePreview(&form)
        modal = .silence(form)
    }

    /// Re-reads what the typed matchers select (the store applies the same rule on save).
    /// Any edit to the matchers withdraws an earlier "save anyway".
    func updatePreview(_ s: inout SilenceForm) {
        s.confirmEmpty = false
        if s.error != nil { s.error = nil }
        let text = s.matcherText
        guard !text.isEmpty else {
            s.preview = .invalid("give at least one matcher.")
            return
        }
        do throws(OpsError) {
            let matchers = try LabelMatcher.parseList(text)
            let found = try env.store.silenceMatches(matchers, as: env.actor)
            s.preview = .matches(count: found.count, sample: found.sample.map(Self.previewName))
        } catch {
            s.preview = .invalid(error.fieldErrors.first?.message ?? error.description)
        }
    }

    /// "Rule instance" (or service), short enough for several on one line.
    static func previewName(_ alert: AlertRecord) -> String {
        let detail = alert.labels["instance"] ?? alert.labels["service"] ?? alert.labels["ip"]
        return "#\(alert.id) \(alert.rule)" + (detail.map { " \($0)" } ?? "")
    }

    func submit(_ s: SilenceForm) {
        var s = s
        if s.matchesNothing, !s.confirmEmpty {
            s.confirmEmpty = true
            s.error = "This silence matches no alert now. Enter again saves it anyway (a planned change); edit the matchers otherwise."
            modal = .silence(s)
            return
        }
        do throws(OpsError) {
            let matchers = try LabelMatcher.parseList(s.matcherText)
            let seconds = try DurationText.parse(s.duration, field: "duration")
            let endsAt = env.clock.now().addingTimeInterval(seconds)
            let result = try env.store.addSilence(matchers: matchers, endsAt: endsAt, comment: s.comment, as: env.actor)
            modal = .none
            env.status.show("Silence \(result.silence.id) until \(env.shortDate(endsAt)) mutes \(result.muted) alert\(result.muted == 1 ? "" : "s").", .success)
            reload()
        } catch {
            s.show(error)
            env.status.show(error)
            modal = .silence(s)
        }
    }
}
