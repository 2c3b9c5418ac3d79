// `topocheck --listen` as an administrator runs it: what it prints, its exit codes, its error messages.
// Listens on 127.0.0.1 only.
#include "listenerbanner.h"
#include "prerequisite.h"
#include "topocheckprocess.h"

#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

namespace {
using Run = TestSupport::TopocheckRun;
using TestSupport::runTopocheck;

quint16 freePort()
{
    QTcpServer s;
    if (!s.listen(QHostAddress::Any, 0))
        qFatal("no free port");
    return s.serverPort();
}

// A SQL Server role whose one port (key "sql") the profile moves to `port`.
QByteArray sqlProfile(quint16 port)
{
    return QByteArrayLiteral(R"({"format": "topocheck-profile/1", "name": "Listen", "template": "automation360",
        "hosts": {"sql-server": ["127.0.0.1"]}, "ports": {"sql": )") +
           QByteArray::number(port) + "}}";
}
} // namespace

class TestListenCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void unusableInputExits2_data();
    void unusableInputExits2();
    void invalidProfileExits2NamingTheFile();
    void nothingHeldExits1NamingTheHolder();
    void durationEndsARunWithExit0();
    void sigtermStopsWithExit0AndFreesThePort();

private:
    QString profileFile(const QString &name, const QByteArray &bytes);
    QTemporaryDir m_dir;
};

void TestListenCli::initTestCase()
{
    QVERIFY2(QFile::exists(qEnvironmentVariable("TOPOCHECK_EXE")), "TOPOCHECK_EXE must name the topocheck binary");
    QVERIFY(m_dir.isValid());
}

QString TestListenCli::profileFile(const QString &name, const QByteArray &bytes)
{
    const QString path = m_dir.filePath(name);
    TestSupport::writeFile(path, bytes);
    return path;
}

void TestListenCli::unusableInputExits2_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("named");
    const QString as = QStringLiteral("--as");
    const QString sql = QStringLiteral("sql-server");
    QTest::newRow("unknown role") << QStringList{as, QStringLiteral("domain-controller")}
                                  << QStringLiteral("unknown role \"domain-controller\"");
    QTest::newRow("role accepting nothing")
        << QStringList{as, QStringLiteral("bot-agent")} << QStringLiteral("accepts no connection");
    QTest::newRow("no role") << QStringList{} << QStringLiteral("--listen needs --as ROLE");
    QTest::newRow("bad address") << QStringList{as, sql, QStringLiteral("--address"), QStringLiteral("10.0.0.300")}
                                 << QStringLiteral("--address: \"10.0.0.300\" is not an IPv4 or IPv6 address");
    QTest::newRow("foreign address") << QStringList{as, sql, QStringLiteral("--address"), QStringLiteral("192.0.2.7")}
                                     << QStringLiteral("192.0.2.7 is not an address of this machine");
    QTest::newRow("zero duration") << QStringList{as, sql, QStringLiteral("--duration-s"), QStringLiteral("0")}
                                   << QStringLiteral("--duration-s: \"0\" is not a number");
    QTest::newRow("negative duration") << QStringList{as, sql, QStringLiteral("--duration-s"), QStringLiteral("-5")}
                                       << QStringLiteral("--duration-s");
    QTest::newRow("results option") << QStringList{as, sql, QStringLiteral("--json"), QStringLiteral("-")}
                                    << QStringLiteral("--json does not go with --listen");
}

void TestListenCli::unusableInputExits2()
{
    QFETCH(QStringList, extra);
    QFETCH(QString, named);
    const QString profile = profileFile(QStringLiteral("ok.json"), sqlProfile(freePort()));
    const Run r = runTopocheck(QStringList{QStringLiteral("--listen"), QStringLiteral("--profile"), profile} + extra);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(named), qPrintable(r.err));
}

void TestListenCli::invalidProfileExits2NamingTheFile()
{
    const QString profile =
        profileFile(QStringLiteral("broken.json"), R"({"format": "topocheck-profile/1", "ports": {"sql": 70000}})");
    const Run r = runTopocheck({QStringLiteral("--listen"), QStringLiteral("--profile"), profile,
                                QStringLiteral("--as"), QStringLiteral("sql-server")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(profile) && r.err.contains(QLatin1String("sql")), qPrintable(r.err));
}

void TestListenCli::nothingHeldExits1NamingTheHolder()
{
    QTcpServer holder;
    QVERIFY(holder.listen(QHostAddress::Any, 0));
    const QString profile = profileFile(QStringLiteral("taken.json"), sqlProfile(holder.serverPort()));
    const Run r =
        runTopocheck({QStringLiteral("--listen"), QStringLiteral("--profile"), profile, QStringLiteral("--as"),
                      QStringLiteral("sql-server"), QStringLiteral("--duration-s"), QStringLiteral("30")});
    QCOMPARE(r.exitCode, 1);
    const QString out = QString::fromUtf8(r.out);
    const QString holderName = QStringLiteral("(pid %1)").arg(QCoreApplication::applicationPid());
    QVERIFY2(out.contains(QStringLiteral("not held tcp/%1: in use by").arg(holder.serverPort())) &&
                 out.contains(holderName),
             qPrintable(out));
    QVERIFY2(r.err.contains(QLatin1String("no port could be held")), qPrintable(r.err));
}

void TestListenCli::durationEndsARunWithExit0()
{
    const quint16 port = freePort();
    const QString profile = profileFile(QStringLiteral("short.json"), sqlProfile(port));
    const Run r = runTopocheck({QStringLiteral("--listen"), QStringLiteral("--profile"), profile,
                                QStringLiteral("--as"), QStringLiteral("sql-server"), QStringLiteral("--address"),
                                QStringLiteral("127.0.0.1"), QStringLiteral("--duration-s"), QStringLiteral("1")},
                               20000);
    QCOMPARE(r.exitCode, 0);
    const QString out = QString::fromUtf8(r.out);
    QVERIFY2(out.contains(QStringLiteral("listening as sql-server on 127.0.0.1 for 1 s: 1 of 1 ports held")),
             qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("holding tcp %1").arg(port)), qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("stopped: the listening time of 1 s ended")), qPrintable(out));
}

void TestListenCli::sigtermStopsWithExit0AndFreesThePort()
{
#ifndef Q_OS_UNIX
    TOPOCHECK_UNSUPPORTED("QProcess::terminate sends SIGTERM on Unix only");
#else
    const quint16 port = freePort();
    const QString profile = profileFile(QStringLiteral("long.json"), sqlProfile(port));
    QProcess p;
    p.start(qEnvironmentVariable("TOPOCHECK_EXE"),
            {QStringLiteral("--listen"), QStringLiteral("--profile"), profile, QStringLiteral("--as"),
             QStringLiteral("sql-server"), QStringLiteral("--address"), QStringLiteral("127.0.0.1")});
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += p.readAllStandardOutput()).contains("holding tcp"), 20000);

    QTcpSocket client;
    QByteArray banner;
    connect(&client, &QTcpSocket::readyRead, &client, [&] { banner += client.readAll(); });
    client.connectToHost(QHostAddress::LocalHost, port);
    QTRY_VERIFY(banner.endsWith('\n'));
    ListenerBanner b;
    QCOMPARE(ListenerBanner::match(banner, &b), ListenerBanner::Match::Banner);
    QCOMPARE(b.role, QStringLiteral("sql-server"));
    QCOMPARE(b.port, port);
    // The count line comes at most every few seconds.
    QTRY_VERIFY_WITH_TIMEOUT((out += p.readAllStandardOutput()).contains(QStringLiteral("tcp/%1 1").arg(port).toUtf8()),
                             10000);

    p.terminate();
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
    out += p.readAllStandardOutput();
    QVERIFY2(out.contains("stopped"), out.constData());
    QTcpServer again;
    QVERIFY(again.listen(QHostAddress::Any, port));
#endif
}

QTEST_GUILESS_MAIN(TestListenCli)
#include "tst_listen_cli.moc"
