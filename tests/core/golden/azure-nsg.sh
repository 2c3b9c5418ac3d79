# Azure network security group (Azure CLI)
# Topocheck change request for Contoso production
# Rules to add on the network path: 4. Exposed ports to restrict to the Control Room nodes: 1.
# Sources are the addresses the probes left from (or, for a run made from elsewhere, the profile's hosts); widen them to subnets only on purpose.
# Lower priority numbers win: the deny rules must come before any rule that allows these ports today.
RG='<resource group>'
NSG='<network security group of the destination>'

# E1: cr2 TCP 5672 answered Bot Agent ws-042 from 10.0.9.42: only the Control Room nodes may reach it
az network nsg rule create --resource-group "$RG" --nsg-name "$NSG" \
    --name topocheck-e1-tcp-5672-cluster --priority 100 --direction Inbound --access Allow --protocol Tcp \
    --source-address-prefixes 10.0.4.11 10.0.4.12 --source-port-ranges '*' \
    --destination-address-prefixes 10.0.4.12 --destination-port-ranges 5672 \
    --description 'Control Room cluster traffic: Must be blocked from outside the cluster: Cluster Messaging'
az network nsg rule create --resource-group "$RG" --nsg-name "$NSG" \
    --name topocheck-e1-tcp-5672-deny --priority 101 --direction Inbound --access Deny --protocol Tcp \
    --source-address-prefixes '*' --source-port-ranges '*' \
    --destination-address-prefixes 10.0.4.12 --destination-port-ranges 5672 \
    --description 'Cluster-only port, must not be reachable from outside the cluster'

# R1: Control Room -> files (10.0.2.20) TCP 445 - Repository file share access (SMB 2.0 or 3.0)
az network nsg rule create --resource-group "$RG" --nsg-name "$NSG" \
    --name topocheck-r1-allow-file-share-tcp-445 --priority 1000 --direction Inbound --access Allow --protocol Tcp \
    --source-address-prefixes 10.0.4.11 --source-port-ranges '*' \
    --destination-address-prefixes 10.0.2.20 --destination-port-ranges 445 \
    --description 'Topocheck R1 Control Room to files TCP 445 (SMB 2/3): Repository file share access (SMB 2.0 or 3.0)'

# R2: Control Room -> dc1 (10.0.2.10) UDP 88 - User authentication (Kerberos over UDP)
az network nsg rule create --resource-group "$RG" --nsg-name "$NSG" \
    --name topocheck-r2-allow-active-directory-udp-88 --priority 1010 --direction Inbound --access Allow --protocol Udp \
    --source-address-prefixes 10.0.4.11 --source-port-ranges '*' \
    --destination-address-prefixes 10.0.2.10 --destination-port-ranges 88 \
    --description 'Topocheck R2 Control Room to dc1 UDP 88 (Kerberos): User authentication (Kerberos over UDP)'

# R3: Control Room -> cr2 (10.0.4.12) TCP 47100-47149, 47151-47200 - Cluster Messaging and Caching (between Control Room servers)
az network nsg rule create --resource-group "$RG" --nsg-name "$NSG" \
    --name topocheck-r3-allow-control-room-tcp-47100 --priority 1020 --direction Inbound --access Allow --protocol Tcp \
    --source-address-prefixes 10.0.4.11 --source-port-ranges '*' \
    --destination-address-prefixes 10.0.4.12 --destination-port-ranges 47100-47149 47151-47200 \
    --description 'Topocheck R3 Control Room to cr2 TCP 47100-47149, 47151-47200: Cluster Messaging and Caching (between Control Room servers)'

# R4: Bot Agent -> automation.contoso.com (fd00:1::5) TCP 443 - HTTP and WebSocket
az network nsg rule create --resource-group "$RG" --nsg-name "$NSG" \
    --name topocheck-r4-allow-load-balancer-tcp-443 --priority 1030 --direction Inbound --access Allow --protocol Tcp \
    --source-address-prefixes fd00:9::42/128 --source-port-ranges '*' \
    --destination-address-prefixes fd00:1::5/128 --destination-port-ranges 443 \
    --description 'Topocheck R4 Bot Agent to automation.contoso.com TCP 443 (HTTPS + WebSocket): HTTP and WebSocket'

# Failures no firewall rule on the path fixes (services or host firewalls):
#   S1 sql TCP 1433: No rule on the path: 10.0.2.30 itself refused TCP 1433. Start SQL Server (TDS) there, or allow the port in its host firewall (a network firewall that rejects with resets looks the same: run topocheck --listen on 10.0.2.30 to tell them apart)
