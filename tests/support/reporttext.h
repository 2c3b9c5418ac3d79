#pragma once

// Reading a change-request PDF back (pdftotext -raw): its sections, the row ids each lists, and the
// counts page 1 gives for them.

#include <QRegularExpression>
#include <QSet>
#include <QString>

namespace TestSupport {

// The text from `from` up to `to`, white space folded (table cells wrap); empty when either is missing.
inline QString reportSection(const QString &text, const QString &from, const QString &to)
{
    const int start = text.indexOf(from);
    const int end = text.indexOf(to, start + 1);
    return start < 0 || end < 0 ? QString() : text.mid(start, end - start).simplified();
}

struct ReportSections
{
    QString page1, rules, fixes, exposure, tls;

    static ReportSections of(const QString &text)
    {
        const QString rulesHeading = QStringLiteral("1 Firewall rules to add on the path");
        const QString fixesHeading = QStringLiteral("2 Services or host firewalls to fix");
        const QString exposureHeading = QStringLiteral("3 Exposure findings");
        const QString tlsHeading = QStringLiteral("4 TLS findings");
        return {reportSection(text, QStringLiteral("FIREWALL CHANGE REQUEST"), rulesHeading),
                reportSection(text, rulesHeading, fixesHeading), reportSection(text, fixesHeading, exposureHeading),
                reportSection(text, exposureHeading, tlsHeading),
                reportSection(text, tlsHeading, QStringLiteral("Appendix A"))};
    }

    // How many distinct row ids ("R3") with this prefix (R, S, E, T) its section lists.
    int listed(QChar prefix) const
    {
        const QString &body = prefix == QLatin1Char('R')   ? rules
                              : prefix == QLatin1Char('S') ? fixes
                              : prefix == QLatin1Char('E') ? exposure
                                                           : tls;
        QSet<QString> out;
        static const QRegularExpression id(QStringLiteral("(?:^|\\s)([RSET]\\d+)(?=\\s)"));
        for (auto it = id.globalMatch(body); it.hasNext();) {
            const QString found = it.next().captured(1);
            if (found.front() == prefix)
                out.insert(found);
        }
        return int(out.size());
    }

    // The count page 1 gives for that section (0 when it says nothing).
    int counted(QChar prefix) const
    {
        const char *pattern = prefix == QLatin1Char('R')   ? "Add (\\d+) firewall rules? on the network path"
                              : prefix == QLatin1Char('S') ? "Fix (\\d+) services? or host firewalls?"
                              : prefix == QLatin1Char('E') ? "Restrict (\\d+) exposed ports?"
                                                           : "Fix (\\d+) certificate or TLS findings?";
        const QRegularExpressionMatch m = QRegularExpression(QLatin1String(pattern)).match(page1);
        return m.hasMatch() ? m.captured(1).toInt() : 0;
    }
};

} // namespace TestSupport
