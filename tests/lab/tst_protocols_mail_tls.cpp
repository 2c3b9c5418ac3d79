// SMTP with a late greeting, a CA file next to the system's trust store, and fully qualified names
// with a trailing dot, against the lab's real servers through the real ProbeEngine (issue 10):
//   exim4 on 2525/2526 holds its greeting back 2 s (connect ACL "delay = 2s"), more than a third of the
//   4 s timeout; 2526 does not advertise PIPECONNECT, so smtp_enforce_sync answers early talk with 554;
//   nginx on 9443 has a certificate from the lab's second CA (certs.sh ca2.pem), which this test puts
//   into the system store (/etc/ssl/certs: a PEM file and its subject-hash link, never the bundle) for
//   its own lifetime, before anything in this process reads the store;
//   "lb.lab.test." resolves in the client namespace like "lb.lab.test".
#include "checkbuilders.h"
#include "labharness.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QRegularExpression>
#include <QtTest>

namespace {

struct Row
{
    const char *name;
    bool caFile; // the profile's ca_file names the lab's (first) CA
    const char *protocol;
    const char *host;
    quint16 port;
    const char *state;
    const char *service;
    const char *verdict;
    const char *detail; // a regular expression the detail must match
    int trusted;        // -1: no TLS facts expected; 0/1: tls.trusted
    int nameOk;         // -1: do not care
};

const Row Rows[] = {
    // SMTP: wait for the 220 however late (within the timeout), then one EHLO
    {"smtp slow greeting", true, "smtp", "mail.lab.test", 2525, "open", "ok", "pass",
     "^220 mail\\.lab\\.test ESMTP Exim .*STARTTLS upgrade works.*TLS 1\\.[23]", 1, 1},
    {"smtp slow greeting, enforced sync", true, "smtp", "mail.lab.test", 2526, "open", "ok", "pass",
     "^220 mail\\.lab\\.test ESMTP Exim .*STARTTLS upgrade works.*TLS 1\\.[23]", 1, 1},
    {"smtp prompt greeting", true, "smtp", "mail.lab.test", 587, "open", "ok", "pass", "STARTTLS upgrade works", 1, 1},
    {"smtp silent web server", true, "smtp", "impostor.lab.test", 587, "open", "mismatch", "fail",
     "^connected, but no SMTP answer within 4000 ms$", -1, -1},
    // ca_file adds to the system's roots
    {"https second CA, ca_file set", true, "https", "lb.lab.test", 9443, "open", "ok", "pass",
     "^HTTP 200.*TLS 1\\.[23]", 1, 1},
    {"https lab CA, ca_file set", true, "https", "lb.lab.test", 443, "open", "ok", "pass", "^HTTP 200.*TLS 1\\.[23]", 1,
     1},
    {"https second CA, system store only", false, "https", "lb.lab.test", 9443, "open", "ok", "pass", "^HTTP 200", 1,
     1},
    {"https lab CA, system store only", false, "https", "lb.lab.test", 443, "open", "ok", "warn",
     "certificate chain not trusted", 0, 1},
    // a trailing dot: SNI, certificate name and Host header without it
    {"https fully qualified name", true, "https", "lb.lab.test.", 443, "open", "ok", "pass", "^HTTP 200.*TLS 1\\.[23]",
     1, 1},
    {"wss fully qualified name", true, "https+websocket", "lb.lab.test.", 443, "open", "ok", "pass", "101", 1, 1},
};

// The lab's second CA in the system store for as long as this object lives: STORE/NAME and the link
// STORE/HASH.N to it (the first free N, as c_rehash numbers them). What a crashed run left is removed
// first. Never touches the bundle or any other file of the store.
class SystemStoreEntry
{
public:
    static constexpr const char *Store = "/etc/ssl/certs";
    static constexpr const char *Name = "topocheck-lab-second-ca.pem";

    SystemStoreEntry() = default;
    SystemStoreEntry(const SystemStoreEntry &) = delete;
    SystemStoreEntry &operator=(const SystemStoreEntry &) = delete;
    ~SystemStoreEntry() { remove(); }

    // Empty on success, else what failed.
    QString install(const QString &pemFile, const QString &hash)
    {
        remove();
        if (!QRegularExpression(QStringLiteral("^[0-9a-f]{8}$")).match(hash).hasMatch())
            return QStringLiteral("not a subject hash: \"%1\"").arg(hash);
        if (!QFile::copy(pemFile, path()))
            return QStringLiteral("cannot copy %1 to %2").arg(pemFile, path());
        for (int n = 0; n < 10; ++n) {
            const QString link = QDir(QLatin1String(Store)).filePath(hash + QLatin1Char('.') + QString::number(n));
            if (QFileInfo(link).exists() || QFileInfo(link).isSymLink())
                continue;
            if (!QFile::link(path(), link))
                return QStringLiteral("cannot create the link %1").arg(link);
            return {};
        }
        return QStringLiteral("no free %1.N link name in %2").arg(hash, QLatin1String(Store));
    }

    void remove()
    {
        const QDir store{QString::fromLatin1(Store)};
        const QStringList links = store.entryList({QStringLiteral("????????.?")}, QDir::System | QDir::Files);
        for (const QString &name : links) {
            const QFileInfo link(store.filePath(name));
            if (link.isSymLink() && QFileInfo(link.symLinkTarget()).fileName() == QLatin1String(Name))
                QFile::remove(link.filePath());
        }
        QFile::remove(path());
    }

private:
    static QString path() { return QDir(QLatin1String(Store)).filePath(QLatin1String(Name)); }
};

} // namespace

class TestProtocolsMailTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void check_data();
    void check();
    void cleanupTestCase();

private:
    SystemStoreEntry m_secondCa;
    QHash<QString, Check> m_results;
};

void TestProtocolsMailTls::initTestCase()
{
    const QString missing = LabHarness::missing({QStringLiteral("TOPOCHECK_LAB_WORKDIR")});
    QVERIFY2(missing.isEmpty(), qPrintable(missing));
    const QString pki = LabEnvironment::value("TOPOCHECK_LAB_WORKDIR") + QStringLiteral("/pki/");
    QFile hashFile(pki + QStringLiteral("ca2.hash"));
    QVERIFY2(hashFile.open(QIODevice::ReadOnly),
             qPrintable(hashFile.fileName() + QStringLiteral(" is missing (certs.sh)")));
    const QString installed =
        m_secondCa.install(pki + QStringLiteral("ca2.pem"), QString::fromLatin1(hashFile.read(64).trimmed()));
    QVERIFY2(installed.isEmpty(), qPrintable(installed));

    // One engine run with the lab CA as ca_file, one without; every check of a run in flight at once.
    for (const bool withCaFile : {true, false}) {
        LabHarness::NamedChecks named;
        for (const Row &row : Rows) {
            if (row.caFile == withCaFile)
                named.append(
                    {QLatin1String(row.name), TestSupport::makeCheck(-1, QLatin1String(row.host), row.port,
                                                                     Transport::Tcp, QLatin1String(row.protocol))});
        }
        ProfileOptions options = TestSupport::optionsWith(4000);
        options.caFile = withCaFile ? LabHarness::caFile() : QString();
        options.websocketPath = QStringLiteral("/");
        m_results.insert(LabHarness::runNamed(named, options, 30000));
        if (QTest::currentTestFailed())
            return;
    }
}

void TestProtocolsMailTls::cleanupTestCase()
{
    m_secondCa.remove();
}

void TestProtocolsMailTls::check_data()
{
    QTest::addColumn<int>("row");
    for (int i = 0; i < int(std::size(Rows)); ++i)
        QTest::newRow(Rows[i].name) << i;
}

void TestProtocolsMailTls::check()
{
    QFETCH(int, row);
    const Row &r = Rows[row];
    QVERIFY2(m_results.contains(QLatin1String(r.name)), "no result for this check");
    const Check c = m_results.value(QLatin1String(r.name));
    const QByteArray seen =
        QStringLiteral("state=%1 service=%2 verdict=%3 detail=\"%4\" advice=\"%5\"")
            .arg(stateName(c.state), serviceName(c.service), verdictName(c.verdict), c.detail, c.advice)
            .toUtf8();
    qInfo("%s: %s", r.name, seen.constData());
    QVERIFY2(stateName(c.state) == QLatin1String(r.state), seen.constData());
    QVERIFY2(serviceName(c.service) == QLatin1String(r.service), seen.constData());
    QVERIFY2(verdictName(c.verdict) == QLatin1String(r.verdict), seen.constData());
    QVERIFY2(QRegularExpression(QLatin1String(r.detail)).match(c.detail).hasMatch(), seen.constData());
    if (c.verdict == Verdict::Warn || c.verdict == Verdict::Fail)
        QVERIFY2(!c.advice.isEmpty(), seen.constData());
    if (r.trusted >= 0)
        QVERIFY2(c.tls.trusted == std::optional<bool>(r.trusted == 1), seen.constData());
    if (r.nameOk >= 0)
        QVERIFY2(c.tls.nameOk == std::optional<bool>(r.nameOk == 1), seen.constData());
}

QTEST_GUILESS_MAIN(TestProtocolsMailTls)
#include "tst_protocols_mail_tls.moc"
