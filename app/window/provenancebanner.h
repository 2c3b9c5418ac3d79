#pragma once

#include <QLabel>

class ResultsProvenance;

// A warning strip over a view: "these results are out of date" over the diagram and the checks, or
// "this machine is not that role" over the form. Hidden while there is nothing to say.
class ProvenanceBanner final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProvenanceBanner)

public:
    enum class Topic { Results, Role };

    ProvenanceBanner(const ResultsProvenance *provenance, Topic topic, QWidget *parent = nullptr);
    ~ProvenanceBanner() override;

private:
    void refresh();

    const ResultsProvenance *m_provenance;
    Topic m_topic;
};
