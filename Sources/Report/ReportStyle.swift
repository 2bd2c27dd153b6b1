/// The report's stylesheet: system fonts only, colours per source as the store labels them.
enum ReportStyle {
    static let css = """
        body{margin:0;background:#f6f7f9;color:#1d2330;font:14px/1.45 system-ui,-apple-system,"Segoe UI","DejaVu Sans",sans-serif}
        main{max-width:1020px;margin:0 auto;padding:24px 28px 48px;background:#fff;box-shadow:0 0 0 1px #e3e6ea}
        h1{font-size:22px;margin:0 0 12px}h2{font-size:18px;margin:32px 0 6px;padding-top:10px;border-top:1px solid #e3e6ea}
        h3{font-size:15px;margin:18px 0 4px}nav{margin:10px 0 4px;color:#555}nav a{color:#2458a6;text-decoration:none}
        .note{color:#555;margin:4px 0 8px}.missing{color:#7a5b00;background:#fff8e1;border-left:3px solid #e0b400;padding:6px 10px}
        table{border-collapse:collapse;margin:8px 0 14px;font-size:13px}th,td{padding:3px 10px;border-bottom:1px solid #eceef1;text-align:left;vertical-align:top}
        thead th{background:#f1f3f6}.kv th{color:#555;font-weight:600;white-space:nowrap}.summary{font-size:14px}
        .mono{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px;word-break:break-all}td.bad{color:#b3261e}
        figure.chart{margin:12px 0 18px}figcaption{color:#333;font-size:13px;margin-top:2px}svg{display:block;max-width:100%;height:auto}
        footer{margin-top:36px;color:#777;font-size:12px}code{background:#f1f3f6;padding:0 3px;border-radius:3px}
        .frame{fill:#fcfcfd;stroke:#c9ced6}.grid{stroke:#eceef1}.tick{font-size:11px;fill:#555}.axis{font-size:12px;fill:#333}
        .pt{stroke:#fff;stroke-width:.6;fill-opacity:.85}.pt.measured{fill:#1f6fc5}.pt.replay{fill:#e07b12}
        .pt.predicted{fill:#fff;stroke:#6b7280;stroke-width:1.2}.pt.stripped{fill-opacity:.55}
        .limit{stroke:#c62828;stroke-width:1.5;stroke-dasharray:6 4}.limit-label{font-size:11px;fill:#c62828}
        .strip-label{font-size:10px;fill:#888}.front{fill:none;stroke:#2e7d32;stroke-width:2}
        .answer{fill:none;stroke:#111;stroke-width:2.2}.answer-label{font-size:12px;font-weight:600;fill:#111}
        .eval{fill:#9aa3ae;fill-opacity:.6}.best{fill:none;stroke:#2e7d32;stroke-width:2.2}.step{fill:#2e7d32}
        .band{fill:#2e7d32;fill-opacity:.10}.diagonal{stroke:#2e7d32;stroke-dasharray:4 3}
        .job.accuracy{fill:#7e57c2}.job.latency{fill:#1f6fc5}.joined{fill:#2e7d32}.requeue{fill:#ef6c00}.requeue-key{color:#ef6c00}.death{stroke:#c62828;stroke-width:2.4}
        .leave{stroke:#6b7280;stroke-width:2}.hit{fill:transparent}
        .key{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:12px}.key.measured{background:#1f6fc5}
        .key.replay{background:#e07b12}.key.predicted{background:#fff;color:#374151;border:1px solid #6b7280}
        .key.accuracy{background:#7e57c2}.key.latency{background:#1f6fc5}.death-key{color:#c62828;font-weight:700}
        """
}
