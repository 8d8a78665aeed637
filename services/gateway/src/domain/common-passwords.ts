/**
 * A short list of the passwords people choose most, in English and
 * Portuguese, with the service's own vocabulary (NIST SP 800-63B §3.1.1.2:
 * refuse "commonly-used, expected, or compromised values"). Written for the
 * project, lowercase, separated by whitespace; compared after normalisation
 * (see `password-policy.ts`).
 */
export const commonPasswords: ReadonlySet<string> = new Set(
  `
123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball abc123
football monkey letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890 michael
654321 superman 1qaz2wsx 7777777 121212 000000 qazwsx 123qwe killer trustno1 jordan jennifer zxcvbnm
asdfgh hunter buster soccer harley batman andrew tigger sunshine iloveyou 2000 charlie robert thomas
hockey ranger daniel starwars klaster 112233 george computer michelle jessica pepper 1111 zxcvbn
555555 11111111 131313 freedom 777777 pass maggie 159753 aaaaaa ginger princess joshua cheese amanda
summer love ashley nicole chelsea biteme matthew access yankees 987654321 dallas austin thunder
taylor matrix minecraft william corvette hello martin heather secret merlin diamond 1234qwer gfhjkm
hammer silver 222222 88888888 anthony justin test bailey q1w2e3r4t5 patrick internet scooter orange
11111 golfer cookie richard samantha bigdog guitar jackson whatever mickey chicken sparky snoopy
maverick phoenix camaro peanut morgan welcome falcon cowboy ferrari samsung andrea smokey steelers
joseph mercedes dakota arsenal eagles melissa boomer booboo spider nascar monster tigers yellow
xxxxxx 123123123 gateway marina diablo bulldog qwer1234 compaq purple hardcore banana junior hannah
123654 porsche lakers iceman money cowboys 987654 london tennis 999999 ncc1701 coffee scooby 0000
miller boston q1w2e3r4 brandon yamaha chester mother forever johnny edward 333333 oliver redsox
player nikita knight fender barney midnight please brandy chicago badboy slayer rangers charles
angel flower rabbit wizard jasper enter rachel chris steven winner adidas victoria natasha
1q2w3e4r jasmine winter prince marine ghbdtn fishing cocacola casper james 232323 raiders
888888 marlboro gandalf asdfasdf crystal 87654321 12344321 golden 8675309 abcd1234 passw0rd
password1 password12 password123 password1234 qwerty123 qwerty1234 admin admin123 administrator root
toor changeme default guest login welcome1 letmein1 iloveyou1 monkey123 dragon123 senha senha123
senha1234 mudar123 mudarsenha trocar123 brasil portugal benfica sporting flamengo corinthians
palmeiras saopaulo vasco gremio cruzeiro santos botafogo fluminense internacional amor amormeu teamo
meuamor familia deus jesus jesuscristo bombeiro bombeiros bombeiro123 incendio emergencia socorro
resgate atalaia atalaia123 viatura sirene quartel comandante abcdef abcdefg abcdefgh 1qazxsw2
zaq12wsx qazwsxedc 1q2w3e4r5t qwertyui asdfghjkl zxcvbnm123 iloveyou2 sunshine1 princess1 football1
baseball1 superman1 batman123 starwars1 pokemon naruto 123456789012 1234567890123 12345678901234
123456789012345 1234567890abc qwertyuiop123 qwertyuiopasdf asdfghjkl123 zxcvbnm12345
passwordpassword password123456 passwordpassword1 iloveyouiloveyou 111111111111 000000000000
123123123123 abcabcabcabc qwertyqwerty qwerty123456 1q2w3e4r5t6y 1q2w3e4r5t6y7u 1qaz2wsx3edc
1qaz2wsx3edc4rfv qazwsxedcrfv zaq1xsw2cde3 letmeinletmein welcomewelcome welcome12345 welcome123456
administrator1 administrator123 changemenow changeme1234 senhasenha senhasenha123 senha12345678
senha123456789 minhasenha minhasenha123 minhasenhaforte senhaforte123 trocarsenha123 mudarsenha123
brasil123456 portugal123456 bombeiros123456 bombeirosvoluntarios emergencia193 emergencia112
atalaia123456 correcthorsebatterystaple iloveyou123456 football12345 baseball12345 superman12345
starwars12345 trustno1trustno1 masterkey123 p@ssw0rd1234 p@ssword1234 passw0rd1234 password12345
password!234
`
    .split(/\s+/)
    .filter((word) => word.length > 0),
);
