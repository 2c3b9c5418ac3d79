<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ChangeRequest</name>
    <message numerus="yes">
        <source>certificate expires in %n days (%1)</source>
        <translation>
            <numerusform>certificate expires in %n day (%1)</numerusform>
            <numerusform>certificate expires in %n days (%1)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n machines (list in appendix C)</source>
        <translation>
            <numerusform>%1: %n machine (list in appendix C)</numerusform>
            <numerusform>%1: %n machines (list in appendix C)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the %n %1 machines of appendix C</source>
        <translation>
            <numerusform>the %n %1 machine of appendix C</numerusform>
            <numerusform>the %n %1 machines of appendix C</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: path open to %2 of %n ports</source>
        <translation>
            <numerusform>%1: path open to %2 of %n port</numerusform>
            <numerusform>%1: path open to %2 of %n ports</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n answering</source>
        <translation>
            <numerusform>%n answering</numerusform>
            <numerusform>%n answering</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n dropped</source>
        <translation>
            <numerusform>%n dropped</numerusform>
            <numerusform>%n dropped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n checks</source>
        <translation>
            <numerusform>%1: %n check</numerusform>
            <numerusform>%1: %n checks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n proven by a Topocheck listener</source>
        <translation>
            <numerusform>%n proven by a Topocheck listener</numerusform>
            <numerusform>%n proven by a Topocheck listener</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Path proven end to end by a Topocheck listener (%n checks).</source>
        <translation>
            <numerusform>Path proven end to end by a Topocheck listener (%n check).</numerusform>
            <numerusform>Path proven end to end by a Topocheck listener (%n checks).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Path proven only by a reset (%n checks): the destination, or a firewall rejecting for it, refused the connection; a Topocheck listener there would prove the path end to end.</source>
        <translation>
            <numerusform>Path proven only by a reset (%n check): the destination, or a firewall rejecting for it, refused the connection; a Topocheck listener there would prove the path end to end.</numerusform>
            <numerusform>Path proven only by a reset (%n checks): the destination, or a firewall rejecting for it, refused the connection; a Topocheck listener there would prove the path end to end.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Path proven by the services that answered (%n checks).</source>
        <translation>
            <numerusform>Path proven by the services that answered (%n check).</numerusform>
            <numerusform>Path proven by the services that answered (%n checks).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n by a Topocheck listener</source>
        <translation>
            <numerusform>%n by a Topocheck listener</numerusform>
            <numerusform>%n by a Topocheck listener</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n by the service that answered</source>
        <translation>
            <numerusform>%n by the service that answered</numerusform>
            <numerusform>%n by the service that answered</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n only by a reset</source>
        <translation>
            <numerusform>%n only by a reset</numerusform>
            <numerusform>%n only by a reset</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n proven end to end by a Topocheck listener</source>
        <translation>
            <numerusform>%n proven end to end by a Topocheck listener</numerusform>
            <numerusform>%n proven end to end by a Topocheck listener</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n partly by a listener or the services, partly only by a reset</source>
        <translation>
            <numerusform>%n partly by a listener or the services, partly only by a reset</numerusform>
            <numerusform>%n partly by a listener or the services, partly only by a reset</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n by the services that answered</source>
        <translation>
            <numerusform>%n by the services that answered</numerusform>
            <numerusform>%n by the services that answered</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChangeRequestReport</name>
    <message numerus="yes">
        <source>(%n ports)</source>
        <translation>
            <numerusform>(%n port)</numerusform>
            <numerusform>(%n ports)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>None: every certificate that was checked is valid for at least %n more days, names its host, is trusted, and every TLS endpoint negotiated TLS 1.2 or later.</source>
        <translation>
            <numerusform>None: every certificate that was checked is valid for at least %n more day, names its host, is trusted, and every TLS endpoint negotiated TLS 1.2 or later.</numerusform>
            <numerusform>None: every certificate that was checked is valid for at least %n more days, names its host, is trusted, and every TLS endpoint negotiated TLS 1.2 or later.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n checks)</source>
        <translation>
            <numerusform>(%n check)</numerusform>
            <numerusform>(%n checks)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n checks</source>
        <translation>
            <numerusform>%n check</numerusform>
            <numerusform>%n checks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Add %n firewall rules on the network path (section 1).</source>
        <translation>
            <numerusform>Add %n firewall rule on the network path (section 1).</numerusform>
            <numerusform>Add %n firewall rules on the network path (section 1).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Fix %n services or host firewalls: the destination refused or answered wrongly, no rule on the path helps (section 2).</source>
        <translation>
            <numerusform>Fix %n service or host firewall: the destination refused or answered wrongly, no rule on the path helps (section 2).</numerusform>
            <numerusform>Fix %n services or host firewalls: the destination refused or answered wrongly, no rule on the path helps (section 2).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Restrict %n exposed ports to the other Control Room nodes (section 3).</source>
        <translation>
            <numerusform>Restrict %n exposed port to the other Control Room nodes (section 3).</numerusform>
            <numerusform>Restrict %n exposed ports to the other Control Room nodes (section 3).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Fix %n certificate or TLS findings (section 4).</source>
        <translation>
            <numerusform>Fix %n certificate or TLS finding (section 4).</numerusform>
            <numerusform>Fix %n certificate or TLS findings (section 4).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Port ranges: the path is open on %1 of %n ranges tested (appendix A, one line per range).</source>
        <translation>
            <numerusform>Port ranges: the path is open on %1 of %n range tested (appendix A, one line per range).</numerusform>
            <numerusform>Port ranges: the path is open on %1 of %n ranges tested (appendix A, one line per range).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n because %1</source>
        <translation>
            <numerusform>%n because %1</numerusform>
            <numerusform>%n because %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n checks were not run: </source>
        <translation>
            <numerusform>%n check was not run: </numerusform>
            <numerusform>%n checks were not run: </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not run: %n checks, because %1.</source>
        <translation>
            <numerusform>Not run: %n check, because %1.</numerusform>
            <numerusform>Not run: %n checks, because %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (%n sources)</source>
        <translation>
            <numerusform> (%n source)</numerusform>
            <numerusform> (%n sources)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n machines (%2 and %3 more; the merged JSON names every one)</source>
        <translation>
            <numerusform>%1: %n machine (%2 and %3 more; the merged JSON names every one)</numerusform>
            <numerusform>%1: %n machines (%2 and %3 more; the merged JSON names every one)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Merged from %n machines: section 5 shows, per link, how many machines of each group passed and names those that failed.</source>
        <translation>
            <numerusform>Merged from %n machine: section 5 shows, per link, how many machines of each group passed and names those that failed.</numerusform>
            <numerusform>Merged from %n machines: section 5 shows, per link, how many machines of each group passed and names those that failed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n %1</source>
        <translation>
            <numerusform>%n %1</numerusform>
            <numerusform>%n %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>These results merge the runs of %n machines (%1). </source>
        <translation>
            <numerusform>These results merge the run of %n machine (%1). </numerusform>
            <numerusform>These results merge the runs of %n machines (%1). </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>For each link of the diagram, every group of machines that tested it has one line: how many of them passed, judged by each machine&apos;s worst result on the link, and the names of those that failed or warned (up to %n of each are kept). Every check of every machine is in the merged CSV and in the merged JSON (&quot;vantage_checks&quot;).</source>
        <translation>
            <numerusform>For each link of the diagram, every group of machines that tested it has one line: how many of them passed, judged by each machine&apos;s worst result on the link, and the names of those that failed or warned (up to %n of each are kept). Every check of every machine is in the merged CSV and in the merged JSON (&quot;vantage_checks&quot;).</numerusform>
            <numerusform>For each link of the diagram, every group of machines that tested it has one line: how many of them passed, judged by each machine&apos;s worst result on the link, and the names of those that failed or warned (up to %n of each are kept). Every check of every machine is in the merged CSV and in the merged JSON (&quot;vantage_checks&quot;).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>They hold %n checks.</source>
        <translation>
            <numerusform>They hold %n check.</numerusform>
            <numerusform>They hold %n checks.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DiagramScene</name>
    <message numerus="yes">
        <source>%n check(s): %1</source>
        <translation>
            <numerusform>%n check: %1</numerusform>
            <numerusform>%n checks: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>exposed: %1 +%n more</source>
        <translation>
            <numerusform>exposed: %1 +%n more</numerusform>
            <numerusform>exposed: %1 +%n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>closed to outside (%n port(s))</source>
        <translation>
            <numerusform>closed to outside (%n port)</numerusform>
            <numerusform>closed to outside (%n ports)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FleetTally</name>
    <message numerus="yes">
        <source>%n machine(s)</source>
        <translation>
            <numerusform>%n machine</numerusform>
            <numerusform>%n machines</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 and %n more</numerusform>
            <numerusform>%1 and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n machine(s) pass</source>
        <translation>
            <numerusform>%1 of %n machine pass</numerusform>
            <numerusform>%1 of %n machines pass</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n fail: %1</source>
        <translation>
            <numerusform>%n fail: %1</numerusform>
            <numerusform>%n fail: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warn: %1</source>
        <translation>
            <numerusform>%n warn: %1</numerusform>
            <numerusform>%n warn: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HeadlessRun</name>
    <message numerus="yes">
        <source>%1/%n check(s)</source>
        <translation>
            <numerusform>%1/%n check</numerusform>
            <numerusform>%1/%n checks</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LinkSummaryModel</name>
    <message numerus="yes">
        <source>%n not run yet</source>
        <translation>
            <numerusform>%n not run yet</numerusform>
            <numerusform>%n not run yet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n running</source>
        <translation>
            <numerusform>%n running</numerusform>
            <numerusform>%n running</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: path open to %2 of %n ports on %3 hosts, %4 answering</source>
        <translation>
            <numerusform>%1: path open to %2 of %n port on %3 hosts, %4 answering</numerusform>
            <numerusform>%1: path open to %2 of %n ports on %3 hosts, %4 answering</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: path open to %2 of %n ports, %3 answering</source>
        <translation>
            <numerusform>%1: path open to %2 of %n port, %3 answering</numerusform>
            <numerusform>%1: path open to %2 of %n ports, %3 answering</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ListenerPanel</name>
    <message numerus="yes">
        <source>Listening as %1: %2 of %n port(s) held</source>
        <translation>
            <numerusform>Listening as %1: %2 of %n port held</numerusform>
            <numerusform>Listening as %1: %2 of %n ports held</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ListenerReply</name>
    <message numerus="yes">
        <source>the banner ends after %n byte(s)</source>
        <translation>
            <numerusform>the banner ends after %n byte</numerusform>
            <numerusform>the banner ends after %n bytes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%1 has %n problem(s): see the form</source>
        <translation>
            <numerusform>%1 has %n problem: see the form</numerusform>
            <numerusform>%1 has %n problems: see the form</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Showing results merged from %n machine(s) in %1</source>
        <translation>
            <numerusform>Showing results merged from %n machine in %1</numerusform>
            <numerusform>Showing results merged from %n machines in %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Showing results merged from %n machine(s) in %1: %2 checks decide the links, %3 checks of every machine stay in the file</source>
        <translation>
            <numerusform>Showing results merged from %n machine in %1: %2 checks decide the links, %3 checks of every machine stay in the file</numerusform>
            <numerusform>Showing results merged from %n machines in %1: %2 checks decide the links, %3 checks of every machine stay in the file</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(and %n more problem(s))</source>
        <translation>
            <numerusform>(and %n more problem)</numerusform>
            <numerusform>(and %n more problems)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, %n note(s): %2</source>
        <translation>
            <numerusform>%1, %n note: %2</numerusform>
            <numerusform>%1, %n notes: %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MergeRun</name>
    <message numerus="yes">
        <source>%n more problem(s)</source>
        <translation>
            <numerusform>%n more problem</numerusform>
            <numerusform>%n more problems</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MonitorPanel</name>
    <message numerus="yes">
        <source>%1: %n run(s)</source>
        <translation>
            <numerusform>%1: %n run</numerusform>
            <numerusform>%1: %n runs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>next run in %n s</source>
        <translation>
            <numerusform>next run in %n s</numerusform>
            <numerusform>next run in %n s</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Probe</name>
    <message numerus="yes">
        <source>%n byte(s) answered</source>
        <translation>
            <numerusform>%n byte answered</numerusform>
            <numerusform>%n bytes answered</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RangeGroupModel</name>
    <message numerus="yes">
        <source>%n ports, none tested yet</source>
        <translation>
            <numerusform>%n port, none tested yet</numerusform>
            <numerusform>%n ports, none tested yet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>path open to %1 of %n ports, %2 answering</source>
        <translation>
            <numerusform>path open to %1 of %n port, %2 answering</numerusform>
            <numerusform>path open to %1 of %n ports, %2 answering</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RunStatus</name>
    <message numerus="yes">
        <source>%n pass</source>
        <translation>
            <numerusform>%n pass</numerusform>
            <numerusform>%n pass</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warn</source>
        <translation>
            <numerusform>%n warn</numerusform>
            <numerusform>%n warn</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n fail</source>
        <translation>
            <numerusform>%n fail</numerusform>
            <numerusform>%n fail</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n skipped</source>
        <translation>
            <numerusform>%n skipped</numerusform>
            <numerusform>%n skipped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (and %n more in flight)</source>
        <translation>
            <numerusform> (and %n more in flight)</numerusform>
            <numerusform> (and %n more in flight)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TlsInspector</name>
    <message numerus="yes">
        <source>certificate expired %1 (%n days ago)</source>
        <translation>
            <numerusform>certificate expired %1 (%n day ago)</numerusform>
            <numerusform>certificate expired %1 (%n days ago)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>certificate expires in %n days</source>
        <translation>
            <numerusform>certificate expires in %n day</numerusform>
            <numerusform>certificate expires in %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, CN=%1, expires %2 (%n days)</source>
        <translation>
            <numerusform>, CN=%1, expires %2 (%n day)</numerusform>
            <numerusform>, CN=%1, expires %2 (%n days)</numerusform>
        </translation>
    </message>
</context>
</TS>
