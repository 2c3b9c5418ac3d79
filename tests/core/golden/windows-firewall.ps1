# Windows Defender Firewall (PowerShell, run on each destination host)
# Topocheck change request for Contoso production
# Rules to add on the network path: 4. Exposed ports to restrict to the Control Room nodes: 1.
# Sources are the addresses the probes left from (or, for a run made from elsewhere, the profile's hosts); widen them to subnets only on purpose.

# R1: Control Room -> files (10.0.2.20) TCP 445 - Repository file share access (SMB 2.0 or 3.0)
New-NetFirewallRule -DisplayName 'Topocheck R1 Control Room to files TCP 445 (SMB 2/3)' -Description 'Topocheck R1 Control Room to files TCP 445 (SMB 2/3): Repository file share access (SMB 2.0 or 3.0)' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 445 -LocalAddress 10.0.2.20 -RemoteAddress 10.0.4.11

# R2: Control Room -> dc1 (10.0.2.10) UDP 88 - User authentication (Kerberos over UDP)
New-NetFirewallRule -DisplayName 'Topocheck R2 Control Room to dc1 UDP 88 (Kerberos)' -Description 'Topocheck R2 Control Room to dc1 UDP 88 (Kerberos): User authentication (Kerberos over UDP)' -Direction Inbound -Action Allow -Protocol UDP -LocalPort 88 -LocalAddress 10.0.2.10 -RemoteAddress 10.0.4.11

# R3: Control Room -> cr2 (10.0.4.12) TCP 47100-47149, 47151-47200 - Cluster Messaging and Caching (between Control Room servers)
New-NetFirewallRule -DisplayName 'Topocheck R3 Control Room to cr2 TCP 47100-47149, 47151-47200' -Description 'Topocheck R3 Control Room to cr2 TCP 47100-47149, 47151-47200: Cluster Messaging and Caching (between Control Room servers)' -Direction Inbound -Action Allow -Protocol TCP -LocalPort '47100-47149','47151-47200' -LocalAddress 10.0.4.12 -RemoteAddress 10.0.4.11

# R4: Bot Agent -> automation.contoso.com (fd00:1::5) TCP 443 - HTTP and WebSocket
New-NetFirewallRule -DisplayName 'Topocheck R4 Bot Agent to automation.contoso.com TCP 443 (HTTPS + WebSocket)' -Description 'Topocheck R4 Bot Agent to automation.contoso.com TCP 443 (HTTPS + WebSocket): HTTP and WebSocket' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 443 -LocalAddress fd00:1::5 -RemoteAddress fd00:9::42

# E1: on cr2 (10.0.4.12): Must be blocked from outside the cluster: Cluster Messaging answered Bot Agent ws-042 from 10.0.9.42; only the Control Room nodes (10.0.4.11, 10.0.4.12) may reach it.
New-NetFirewallRule -DisplayName 'Topocheck E1 block TCP 5672 to 10.0.4.12 from outside the cluster' -Direction Inbound -Action Block -Protocol TCP -LocalPort 5672 -RemoteAddress 0.0.0.0-10.0.4.10,10.0.4.13-255.255.255.255

# Failures no firewall rule on the path fixes (services or host firewalls):
#   S1 sql TCP 1433: No rule on the path: 10.0.2.30 itself refused TCP 1433. Start SQL Server (TDS) there, or allow the port in its host firewall (a network firewall that rejects with resets looks the same: run topocheck --listen on 10.0.2.30 to tell them apart)
