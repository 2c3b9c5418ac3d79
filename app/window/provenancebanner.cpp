#include "provenancebanner.h"

#include "resultsprovenance.h"
#include "verdictpalette.h"

ProvenanceBanner::ProvenanceBanner(const ResultsProvenance *provenance, Topic topic, QWidget *parent)
    : QLabel(parent)
    , m_provenance(provenance)
    , m_topic(topic)
{
    setObjectName(topic == Topic::Results ? QStringLiteral("staleBanner") : QStringLiteral("roleWarning"));
    setWordWrap(true);
    setMargin(6);
    setTextFormat(Qt::PlainText);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    setAutoFillBackground(true);
    QPalette p = palette();
    p.setColor(QPalette::Window, QColor(VerdictPalette::color(Verdict::Warn)).lighter(170));
    p.setColor(QPalette::WindowText, Qt::black);
    setPalette(p);
    connect(provenance, &ResultsProvenance::changed, this, &ProvenanceBanner::refresh);
    refresh();
}

ProvenanceBanner::~ProvenanceBanner() = default;

void ProvenanceBanner::refresh()
{
    const QString text =
        m_topic == Topic::Role
            ? m_provenance->roleWarning()
            : (m_provenance->isStale() ? tr("Out of date: the profile changed after these results were produced. "
                                            "Run again (F5) to update them.")
                                       : QString());
    setText(text);
    setToolTip(text);
    setVisible(!text.isEmpty());
}
