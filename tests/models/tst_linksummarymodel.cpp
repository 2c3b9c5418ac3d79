// placeholder: written by the models/diagram work
#include <QTest>
class TestLinkSummaryModel : public QObject { Q_OBJECT };
QTEST_GUILESS_MAIN(TestLinkSummaryModel)
#include "tst_linksummarymodel.moc"
