# %% [markdown]
# # Lab 02 — A ResNet-18 escrita à mão
#
# No Lab 01 montamos os dados. Agora é a vez da **arquitetura**: vamos escrever, peça por peça,
# a [ResNet-18](https://arxiv.org/abs/1512.03385), uma rede pequena (11,7 milhões de parâmetros),
# rápida e ainda hoje um ponto de partida muito usado em visão computacional.
#
# O objetivo não é só "fazer funcionar": é escrever uma rede **tão igual à do torchvision** que os
# pesos treinados por eles no ImageNet carregam na nossa sem mudar uma vírgula, e as duas dão os
# mesmos *logits* (diferença menor que $10^{-5}$) para a mesma imagem. Isso só acontece se cada
# camada, cada ordem de operações e cada **nome de parâmetro** estiver certo.
#
# **Como entregar.** Preencha as células marcadas com `# SEU CÓDIGO AQUI`, rode as células de
# teste logo abaixo de cada uma e, antes de enviar, reinicie o kernel e execute tudo em ordem.
# **Não apague nem copie células**: elas carregam metadados da correção automática, que também
# roda testes ocultos.
#
# **Pontuação (10 pontos):** `batchnorm_forward` (3) · `block_forward` (4) · `make_stage` (3).
#
# **Tempo esperado (cerca de 2h15, estimativa):** leitura e Questão 1, a BatchNorm (40 min) ·
# Questão 2, o bloco residual (30 min) · Questão 3 e a rede inteira provada igual à do torchvision
# (30 min) · parâmetros, pooling global, `train()`/`eval()` e a foto (20 min) · rede simples contra
# residual (10 min, uns 2 minutos de treino numa CPU) · uso de modelos de linguagem e feedback (5 min).

# %%
import copy
import math

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn
from torchvision.models import ResNet18_Weights, resnet18
from torchvision.models.resnet import BasicBlock as TorchvisionBasicBlock
from torchvision.models.resnet import Bottleneck, ResNet

import course_utils
from course_utils.checks import check_close, check_equal, check_shape, check_type
from course_utils.rules import forbid
from course_utils.plots import plot_bars, plot_confusion_matrix
from course_utils.transfer import example_photo, imagenet_categories, resnet18_state_dict

course_utils.quiet_notebook()
course_utils.set_seed(42)
print("modo smoke:", course_utils.is_smoke())

# %% [markdown]
# ## Os pesos: um `state_dict`
#
# Os pesos de uma rede treinada são só um dicionário Python: **nome do parâmetro → tensor**. Em
# modo completo baixamos os pesos `ResNet18_Weights.IMAGENET1K_V1` (treinados no ImageNet, 1000
# classes); em modo *smoke* (testes e correção automática, sem internet) usamos pesos aleatórios
# com semente fixa, que têm exatamente os mesmos nomes e shapes.

# %%
weights = resnet18_state_dict()
print(len(weights), "tensores. Os primeiros nomes:")
for name in list(weights)[:8]:
    print(f"  {name:28s} {tuple(weights[name].shape)}")
print("  ...")
for name in ["layer2.0.conv1.weight", "layer2.0.conv2.weight", "layer2.0.downsample.0.weight", "fc.weight", "fc.bias"]:
    print(f"  {name:28s} {tuple(weights[name].shape)}")

# %% [markdown]
# De onde vêm esses nomes? Do **nome do atributo** a que cada `nn.Module` foi atribuído. Quando
# escrevemos `self.conv1 = nn.Conv2d(...)` dentro de um módulo, o PyTorch registra a camada, e o
# peso dela passa a se chamar `conv1.weight`. Módulos dentro de módulos empilham os nomes com
# pontos, e os itens de um `nn.Sequential` se chamam `0`, `1`, ...: `layer2.0.downsample.0.weight`
# é o peso da camada `0` do `downsample` do bloco `0` do estágio `layer2`. Por isso vamos usar
# **os mesmos nomes do torchvision** (`conv1`, `bn1`, `layer1`..`layer4`, `downsample`, `fc`): é o
# que permite carregar os pesos deles.
#
# Repare também nos shapes: `fc.weight` é `(1000, 512)` porque o ImageNet tem 1000 classes e a
# última camada convolucional tem 512 canais; `layer2.0.conv1` recebe 64 canais e devolve 128.
#
# ## Questão 1 — `BatchNorm2d` por dentro (3 pontos)
#
# Toda convolução da ResNet é seguida de uma **normalização por batch** (`BatchNorm2d`). Para cada
# canal $c$, ela calcula
#
# $$y = \frac{x - \mu_c}{\sqrt{\sigma^2_c + \varepsilon}}\,\gamma_c + \beta_c$$
#
# onde $\gamma$ (`weight`) e $\beta$ (`bias`) são parâmetros aprendidos. A pergunta é: **de onde
# vêm $\mu$ e $\sigma^2$?**
#
# * Em **treino** (`model.train()`), da média e da variância **do próprio batch** (sobre as
#   dimensões N, H e W). Isso estabiliza o treino, mas faz a saída de uma imagem depender das
#   outras imagens do batch. De quebra, a camada mantém médias móveis dessas estatísticas
#   (`running_mean`, `running_var`), atualizadas a cada batch com peso `momentum` (por padrão, 0,1).
# * Em **avaliação** (`model.eval()`), das médias móveis guardadas. A saída passa a depender só da
#   imagem, o que é o que queremos ao prever (e funciona com batch de 1 imagem).
#
# `running_mean` e `running_var` não são parâmetros (não recebem gradiente), são *buffers*: também
# estão no `state_dict` (procure `bn1.running_mean` acima) e também precisam carregar certo.
# O terceiro *buffer* de cada BatchNorm, `num_batches_tracked`, é um inteiro que conta quantos
# batches ela viu em treino. Ele só entra na conta quando `momentum=None`: aí a média móvel vira
# uma média acumulada simples, em que o batch novo pesa `1 / num_batches_tracked`. Com o `momentum`
# padrão (0,1) é só um contador, e a sua função não precisa atualizá-lo.
#
# Implemente `batchnorm_forward(x, bn)` reproduzindo `bn(x)` nos dois modos, inclusive a atualização
# das médias móveis em treino. Um detalhe do PyTorch: a normalização usa a variância **enviesada**
# (divide por $n$), mas a média móvel guarda a **não enviesada** (divide por $n-1$).
# Dicas: `x.mean(dim=(0, 2, 3))`, `x.var(dim=..., correction=0)` (a variância que divide por $n$;
# `correction=1`, o padrão, divide por $n - 1$; o antigo `unbiased=False` ainda funciona e é o mesmo
# que `correction=0`), `t.view(1, -1, 1, 1)` para
# alinhar um vetor por canal com `(N, C, H, W)`, e `.detach()` nas estatísticas do batch antes de
# guardá-las nos buffers (eles não participam do gradiente).
#
# O que os testes conferem, além da saída:
#
# * Em treino, a saída e os gradientes dela (em relação a `x`, `bn.weight` e `bn.bias`) devem ser os de `bn(x)`: a média e a variância do batch fazem parte do grafo; só as cópias guardadas nos buffers levam `.detach()`.
# * Atualize `bn.running_mean` e `bn.running_var` no lugar (os mesmos tensores, sem histórico de autograd), como a própria `BatchNorm2d` faz: quem guardou esses tensores (um `state_dict`, um otimizador) vê a atualização.
# * As entradas são sorteadas: número de canais, tamanhos (inclusive 1 imagem e grade 1×1 em eval), `eps`, `momentum` e vários batches seguidos.
#
# **Regra:** a conta é sua. Nada de `bn(x)`, `F.batch_norm`, `torch.batch_norm` ou outra
# normalização pronta (`instance_norm`, `group_norm`, `layer_norm`, `rms_norm`, ou as versões em
# Python do próprio PyTorch em `torch._decomp` e `torch._refs`): os testes rodam a sua função
# vigiando esses operadores e módulos, e usá-los zera o teste.

# %% answer batchnorm

# %% [markdown]
# Os testes comparam a sua função com a `nn.BatchNorm2d` do PyTorch. As estatísticas são sorteadas
# (uma `BatchNorm2d` nova tem média 0 e variância 1, e aí quase qualquer erro passaria).

# %%
def random_bn(channels, seed=0, momentum=0.1):
    """Uma BatchNorm2d com escala, deslocamento e médias móveis sorteados (para os testes)."""
    g = torch.Generator().manual_seed(seed)
    bn = nn.BatchNorm2d(channels, momentum=momentum)
    with torch.no_grad():
        bn.weight.copy_(0.5 + torch.rand(channels, generator=g))
        bn.bias.copy_(torch.randn(channels, generator=g))
        bn.running_mean.copy_(torch.randn(channels, generator=g))
        bn.running_var.copy_(0.5 + 2 * torch.rand(channels, generator=g))
        bn.running_var[0] = 1e-4  # um canal quase constante: aqui o eps faz diferença
    return bn


def by_hand():
    """Vigia a regra da questão 1 enquanto a sua função roda."""
    return forbid("escreva a BatchNorm com operações elementares, sem bn(x), F.batch_norm ou outra "
                  "normalização pronta.", ops=["batch_norm", "instance_norm", "group_norm", "layer_norm"])

# %% test batchnorm 1
bn = random_bn(3).eval()
x = torch.randn(4, 3, 5, 5)
expected_mean, expected_var = bn.running_mean.clone(), bn.running_var.clone()
with by_hand():
    out = batchnorm_forward(x, bn)
check_close(out, bn(x), "saída em modo eval",
            hint="em eval, normalize com bn.running_mean e bn.running_var (e some bn.eps à variância).")
check_close(bn.running_mean, expected_mean, "running_mean depois de eval", hint="em eval, as médias móveis não mudam.")
check_close(bn.running_var, expected_var, "running_var depois de eval")

# %% test batchnorm 1
bn = random_bn(3).train()
reference = copy.deepcopy(bn)
x = 2 * torch.randn(4, 3, 5, 5) + 0.5
with by_hand():
    out = batchnorm_forward(x, bn)
check_close(out, reference(x), "saída em modo treino",
            hint="em treino, normalize com a média e a variância enviesada do batch, por canal.")

# %% test batchnorm 1
bn = random_bn(3).train()
reference = copy.deepcopy(bn)
x = 2 * torch.randn(4, 3, 5, 5) + 0.5
with by_hand():
    batchnorm_forward(x, bn)
reference(x)
check_close(bn.running_mean, reference.running_mean, "running_mean depois de um batch de treino",
            hint="running = (1 - momentum) * running + momentum * média do batch.")
check_close(bn.running_var, reference.running_var, "running_var depois de um batch de treino",
            hint="a média móvel da variância usa a variância não enviesada (divide por n - 1).")

# %% [markdown]
# ## Questão 2 — o bloco residual (4 pontos)
#
# Redes muito profundas eram difíceis de treinar: acrescentar camadas chegava a *piorar* o erro de
# treino. A ideia da ResNet é que cada bloco aprenda só uma **correção** $F(x)$ sobre a entrada, e
# devolva $\mathrm{ReLU}(F(x) + x)$. Se a melhor coisa a fazer for nada, basta $F(x) = 0$; e o
# gradiente tem um caminho direto (a soma) até as primeiras camadas.
#
# O bloco básico da ResNet-18 tem duas convoluções 3×3:
#
# ```
# x ──conv1──bn1──ReLU──conv2──bn2──(+)──ReLU──> saída
# └──────────────── atalho ──────────┘
# ```
#
# Quando o bloco **muda a forma** do tensor (dobra os canais e reduz a resolução pela metade com
# `stride=2`, no início dos estágios 2, 3 e 4), `x` não pode ser somado diretamente: o atalho passa
# por `downsample`, uma convolução 1×1 com o mesmo stride seguida de `BatchNorm2d`, que só ajusta
# canais e resolução. A ReLU vem **depois** da soma: antes dela, o bloco não conseguiria somar
# correções negativas.
#
# A classe abaixo já cria as camadas, com os nomes do torchvision. Escreva o `forward`.
#
# Os testes ocultos também põem os seus blocos no lugar dos blocos de uma ResNet-18 do torchvision e de uma rede menor, em `train()` e em `eval()`, e comparam saídas, gradientes e médias móveis; o `downsample` que o bloco recebe pode ser qualquer módulo que adapte o atalho.
#
# **Regra:** o `forward` é seu. Chamar o `BasicBlock` do torchvision (o `forward` dele, ou um bloco
# dele montado com os seus pesos), ou qualquer outro código de `torchvision.models` (os blocos de
# `torchvision.models.quantization` e de `torchvision.models.video` inclusive), zera os testes: eles
# vigiam esse código enquanto o seu bloco roda.

# %%
class BasicBlock(nn.Module):
    """Bloco residual básico; downsample é None ou um módulo que adapta o atalho."""

    def __init__(self, in_channels, out_channels, stride=1, downsample=None):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, kernel_size=3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, kernel_size=3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.downsample = downsample


def randomize_bn_(module, seed=0):
    """Sorteia escala, deslocamento e médias móveis de todas as BatchNorm2d de `module` (testes)."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in module.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.copy_(0.5 + torch.rand(m.num_features, generator=g))
                m.bias.copy_(0.5 * torch.randn(m.num_features, generator=g))
                m.running_mean.copy_(0.5 * torch.randn(m.num_features, generator=g))
                m.running_var.copy_(0.5 + torch.rand(m.num_features, generator=g))
    return module


def shortcut(in_channels, out_channels, stride):
    """O downsample do torchvision: conv 1x1 (sem bias) + BatchNorm2d."""
    return nn.Sequential(nn.Conv2d(in_channels, out_channels, 1, stride, bias=False), nn.BatchNorm2d(out_channels))


def own_block():
    """Vigia a regra da questão 2 enquanto o seu bloco roda."""
    return forbid("escreva o forward do bloco você mesmo, sem chamar o BasicBlock do torchvision "
                  "(nem outro código de torchvision.models).",
                  functions=[TorchvisionBasicBlock.forward, Bottleneck.forward], modules=["torchvision.models"])

# %% answer block_forward

# %% [markdown]
# Primeiro, só as formas: sem downsample a saída tem a forma da entrada; com `stride=2` e o dobro de
# canais, metade da resolução e o dobro de canais.

# %% test block_forward 1
block = BasicBlock(8, 8)
with own_block():
    out = block(torch.randn(2, 8, 7, 7))
check_shape(out, (2, 8, 7, 7), "saída do bloco sem downsample")
block = BasicBlock(8, 16, 2, shortcut(8, 16, 2))
with own_block():
    out = block(torch.randn(2, 8, 8, 8))
check_shape(out, (2, 16, 4, 4), "saída do bloco com downsample",
            hint="quando self.downsample não é None, o atalho é self.downsample(x).")

# %% [markdown]
# Agora os valores: o seu bloco e o do torchvision, com os mesmos pesos, em modo `eval`.

# %% test block_forward 1.5
torch.manual_seed(0)
ours = randomize_bn_(BasicBlock(8, 8)).eval()
theirs = TorchvisionBasicBlock(8, 8).eval()
theirs.load_state_dict(ours.state_dict())
x = torch.randn(2, 8, 6, 6)
with torch.no_grad():
    with own_block():
        out = ours(x)
    check_close(out, theirs(x), "saída do bloco sem downsample",
                hint="conv1 -> bn1 -> ReLU -> conv2 -> bn2, soma com a entrada, e a ReLU só depois da soma.")
check_equal(bool(out.min() >= 0), True, "saída >= 0 (ReLU no fim)?")

# %% test block_forward 1.5
torch.manual_seed(2)
ours = randomize_bn_(BasicBlock(8, 16, 2, shortcut(8, 16, 2)), seed=2).eval()
theirs = TorchvisionBasicBlock(8, 16, 2, shortcut(8, 16, 2)).eval()
theirs.load_state_dict(ours.state_dict())
x = torch.randn(2, 8, 10, 10)
with torch.no_grad():
    with own_block():
        out = ours(x)
    check_close(out, theirs(x), "saída do bloco com downsample",
                hint="o atalho precisa passar por self.downsample antes da soma.")

# %% [markdown]
# ## Questão 3 — um estágio de blocos (3 pontos)
#
# A ResNet-18 tem quatro **estágios** (`layer1` a `layer4`), cada um com 2 blocos. O primeiro bloco
# de cada estágio pode mudar a forma; os outros a mantêm:
#
# | estágio | canais | stride do 1º bloco | downsample no 1º bloco? |
# |---|---|---|---|
# | `layer1` | 64 → 64 | 1 | não |
# | `layer2` | 64 → 128 | 2 | sim |
# | `layer3` | 128 → 256 | 2 | sim |
# | `layer4` | 256 → 512 | 2 | sim |
#
# Implemente `make_stage(block, in_channels, out_channels, num_blocks, stride)`, que devolve um
# `nn.Sequential` com os blocos. O argumento `block` é a classe (ou função) que cria um bloco: assim
# o mesmo código monta estágios com o nosso `BasicBlock` ou com o do torchvision, e os testes desta
# questão usam o do torchvision (uma questão não depende da outra). Eles sorteiam canais, número de
# blocos e stride, e conferem os argumentos de cada chamada a `block`, o `state_dict` e a saída do estágio.
#
# **Regra:** monte o estágio você mesmo, sem o `ResNet._make_layer` do torchvision (os testes vigiam).

# %% answer make_stage

# %% [markdown]
# Com os estágios prontos, a rede inteira é curta. O tronco (*stem*) reduz a imagem 4 vezes
# (convolução 7×7 com stride 2 e *max pooling* com stride 2); cada estágio de 2 a 4 reduz mais 2
# vezes: no total, 32 vezes. No fim, um **average pooling global** tira a média de cada um dos
# 512 canais sobre toda a extensão espacial, e uma camada linear (`fc`) dá os 1000 logits.

# %%
class ResNet18(nn.Module):
    def __init__(self, num_classes=1000, block=BasicBlock):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = make_stage(block, 64, 64, 2, stride=1)
        self.layer2 = make_stage(block, 64, 128, 2, stride=2)
        self.layer3 = make_stage(block, 128, 256, 2, stride=2)
        self.layer4 = make_stage(block, 256, 512, 2, stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d(1)  # média global: (N, 512, h, w) -> (N, 512, 1, 1)
        self.fc = nn.Linear(512, num_classes)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def reference_block(in_channels, out_channels, stride=1, downsample=None):
    """O bloco do torchvision, usado nos testes de make_stage."""
    return TorchvisionBasicBlock(in_channels, out_channels, stride, downsample)


def own_stage():
    """Vigia a regra da questão 3 enquanto o seu make_stage roda."""
    return forbid("monte o estágio você mesmo, sem o ResNet._make_layer do torchvision.",
                  functions=[ResNet._make_layer])

# %% test make_stage 1
with own_stage():
    stage = make_stage(reference_block, 64, 128, 2, 2)
check_type(stage, nn.Sequential, "estágio")
check_equal(len(stage), 2, "número de blocos do estágio")
check_equal(stage[0].downsample is not None, True, "o 1º bloco de 64 -> 128 canais tem downsample?")
check_equal(stage[1].downsample is None, True, "o 2º bloco não tem downsample?")
check_shape(stage(torch.randn(1, 64, 16, 16)), (1, 128, 8, 8), "saída do estágio 64 -> 128, stride 2")
with own_stage():
    stage = make_stage(reference_block, 64, 64, 2, 1)
check_equal([b.downsample is None for b in stage], [True, True], "blocos de 64 -> 64, stride 1, sem downsample?",
            hint="downsample só quando stride != 1 ou o número de canais muda.")

# %% [markdown]
# O teste decisivo: a `ResNet18` montada com os seus estágios (e blocos de referência) carrega os pesos do torchvision e dá os mesmos logits que a `resnet18` deles, para vários tamanhos de entrada.
# Os testes ocultos também montam com o seu `make_stage` os estágios de uma ResNet-34 do torchvision (3, 4, 6 e 3 blocos) e conferem nomes e logits.

# %% test make_stage 2
with own_stage():
    model = ResNet18(block=reference_block)
check_equal(sorted(set(model.state_dict()) ^ set(weights)), [],
            "nomes que só existem em um dos dois state dicts (nossa ResNet18 x pesos do torchvision)",
            hint="use nn.Sequential(conv 1x1, BatchNorm2d) no downsample, para gerar downsample.0 e downsample.1.")
model.load_state_dict(weights)
model.eval()
tv = resnet18()
tv.load_state_dict(weights)
tv.eval()
for size in [(128, 128), (97, 131)]:
    x = torch.randn(1, 3, *size)
    with torch.no_grad():
        check_close(model(x), tv(x), f"logits para entrada {size}", atol=1e-5)

# %% [markdown]
# ## A sua ResNet-18, inteira
#
# Agora tudo é seu: blocos (`BasicBlock` com o seu `forward`) e estágios. Carregamos os pesos do
# torchvision e comparamos os logits com os da `resnet18` deles, em modo `eval`, para vários
# tamanhos de entrada.

# %%
ours = ResNet18()
ours.load_state_dict(weights)  # strict=True: falha se faltar ou sobrar algum nome
ours.eval()
torchvision_model = resnet18()
torchvision_model.load_state_dict(weights)
torchvision_model.eval()
for size in [(224, 224), (97, 131), (64, 96)]:
    x = torch.randn(1, 3, *size)
    with torch.no_grad():
        a, b = ours(x), torchvision_model(x)
    check_close(a, b, f"logits para entrada {size}", atol=1e-5)
    print(f"entrada {size}: logits {tuple(a.shape)}, maior diferença {float((a - b).abs().max()):.2e}")
print("A sua ResNet-18 é a do torchvision.")

# %% [markdown]
# ## Onde estão os parâmetros e como a forma muda
#
# Vamos passar uma imagem 224×224 camada por camada e anotar a forma da saída e o número de
# parâmetros de cada parte.

# %%
def stage_table(model, size=(224, 224)):
    x = torch.randn(1, 3, *size)
    rows = []
    with torch.no_grad():
        for name, module in model.named_children():
            x = torch.flatten(x, 1) if name == "fc" else x
            x = module(x)
            rows.append((name, tuple(x.shape), sum(p.numel() for p in module.parameters())))
    return rows


rows = stage_table(ours)
total = sum(n for _, _, n in rows)
print(f"{'camada':>8}  {'forma da saída':>18}  {'parâmetros':>11}  {'% do total':>9}")
for name, shape, n in rows:
    print(f"{name:>8}  {str(shape):>18}  {n:>11,}  {100 * n / total:>8.1f}%")
print(f"{'total':>8}  {'':>18}  {total:>11,}")
plot_bars({name: n / 1e6 for name, _, n in rows if n}, "milhões de parâmetros", "Parâmetros por parte da ResNet-18");

# %% [markdown]
# **O que a tabela mostra.** A resolução cai à metade a cada estágio enquanto os canais dobram: o
# custo por posição cresce, mas há 4 vezes menos posições. Já os **parâmetros** se concentram no
# fim: uma convolução 3×3 de 512 para 512 canais tem $3 \cdot 3 \cdot 512 \cdot 512 \approx 2{,}4$
# milhões de pesos, e o `layer4` sozinho tem cerca de 70% da rede. O tronco (`conv1`) tem menos de
# 10 mil. Guarde isso para o Lab 03: "treinar só o `layer4` e a `fc`" já é treinar três quartos dos
# parâmetros, mas com muito menos contas, porque o `layer4` trabalha numa grade de só 7×7.
#
# ## Pooling global: qualquer tamanho de entrada
#
# Uma rede com uma camada linear logo após as convoluções só aceitaria um tamanho de imagem: a
# quantidade de números a achatar depende da resolução. O **average pooling global** tira a média
# de cada canal sobre a grade inteira, seja ela 7×7 ou 3×5: sempre sobram 512 números, e a `fc`
# funciona. Veja a forma antes do pooling para vários tamanhos de entrada:

# %%
body = nn.Sequential(*list(ours.children())[:-2])  # tudo antes do avgpool e da fc
for size in [(64, 64), (224, 224), (97, 131), (128, 192)]:
    with torch.no_grad():
        feats = body(torch.randn(1, 3, *size))
        logits = ours.fc(torch.flatten(ours.avgpool(feats), 1))
    print(f"entrada {str(size):>11} -> antes do pooling {str(tuple(feats.shape)):>17} -> logits {tuple(logits.shape)}")

# %% [markdown]
# A grade final é a entrada dividida por 32, **arredondando para cima**. Cada camada com stride 2
# da ResNet (a convolução 7×7 com padding 3, o max pooling 3×3 com padding 1, as convoluções 3×3
# com padding 1 e as 1×1 do atalho) devolve $\lfloor (n + 2p - k)/2 \rfloor + 1 = \lceil n/2 \rceil$
# posições: um lado ímpar ganha uma posição a mais, não perde a borda. Veja camada por camada, e
# confira com o gradiente que **todo** pixel da entrada, inclusive a última linha e a última
# coluna, influencia os logits:

# %%
def stride2_sizes(model, size):
    """Altura x largura depois de cada camada que reduz a resolução."""
    sizes, hooks = [], []
    for name in ["conv1", "maxpool", "layer2", "layer3", "layer4"]:
        hooks.append(getattr(model, name).register_forward_hook(
            lambda m, i, out, name=name: sizes.append((name, tuple(out.shape[-2:])))))
    x = torch.randn(1, 3, *size, requires_grad=True)
    model(x).sum().backward()
    for h in hooks:
        h.remove()
    model.zero_grad(set_to_none=True)
    return sizes, x.grad[0].abs().sum(0)


for size in [(97, 131)]:
    sizes, grad = stride2_sizes(ours, size)
    steps = " -> ".join(f"{hw[0]}x{hw[1]}" for _, hw in sizes)
    expected = tuple(math.ceil(n / 32) for n in size)
    print(f"entrada {size[0]}x{size[1]} -> {steps} (ceil(n/32) = {expected[0]}x{expected[1]})")
    print(f"   pixels sem influência nos logits: {int((grad == 0).sum())} de {grad.numel()}; "
          f"última linha e última coluna influenciam? {bool((grad[-1] > 0).all() and (grad[:, -1] > 0).all())}")

# %% [markdown]
# Nenhuma borda se perde: quem tem lado ímpar ganha uma posição a mais na grade, cuja janela usa
# parte do *padding*. Múltiplos de 32 (224, 256) são preferidos por outro motivo: a grade final é
# exata (224 → 7), vizinhos na grade ficam a **32 pixels** um do outro na imagem (o *stride* total) e
# nenhuma janela cai meio no *padding*; fica mais simples relacionar posições da grade com regiões
# da imagem. Cuidado: uma posição da grade **não** "vê" só um bloco de 32×32. O campo receptivo
# dela, a região da entrada que pode mudar o seu valor, cresce a cada convolução: $k - 1$ vezes o
# *stride* acumulado até ali. Somando as 17 convoluções 3×3 e 7×7 e o *max pooling* da ResNet-18 dá
# **435×435 pixels**, maior que a própria imagem de 224; as janelas de posições vizinhas se
# sobrepõem quase por inteiro. Na prática, o peso se concentra no centro dessa janela (o campo
# receptivo *efetivo*, Luo et al., 2016), mas ele ainda cobre bem mais que 32×32 pixels. E trocar a `fc` por uma convolução 1×1 com os mesmos pesos, sem o pooling, daria um
# **mapa** de logits, um por região da imagem: a ideia das redes totalmente convolucionais usadas em
# detecção e segmentação.
#
# ## `train()` e `eval()`: por que a BatchNorm muda de comportamento
#
# `model.train()` e `model.eval()` só trocam a flag `training` de todos os submódulos; quem olha
# para ela aqui é a BatchNorm (a Dropout também, em outras redes). Três consequências:

# %%
x = torch.randn(8, 3, 96, 96)
probe = copy.deepcopy(ours)
with torch.no_grad():
    probe.eval()
    alone_eval, in_batch_eval = probe(x[:1]), probe(x)[:1]
    probe.train()
    alone_train, in_batch_train = probe(x[:2])[:1], probe(x)[:1]
print("eval : mesma imagem sozinha ou no batch, diferença =", f"{float((alone_eval - in_batch_eval).abs().max()):.1e}",
      "(só arredondamento)")
print("train: mesma imagem em batches diferentes, diferença =", f"{float((alone_train - in_batch_train).abs().max()):.1e}")
print("train x eval para a mesma imagem, diferença =", f"{float((in_batch_train - in_batch_eval).abs().max()):.2f}")
drift = float((probe.bn1.running_mean - ours.bn1.running_mean).abs().max())
print(f"as médias móveis de bn1 mudaram só por rodar em train(): variação máxima {drift:.3f}")
try:
    probe.train()
    probe(torch.randn(1, 3, 32, 32))
except ValueError as err:
    print("train() com 1 imagem e grade final 1x1:", err)

# %% [markdown]
# 1. Em `eval()` a saída de uma imagem **não depende do batch**; em `train()` depende, porque
#    $\mu$ e $\sigma^2$ vêm das outras imagens.
# 2. Rodar a rede em `train()`, mesmo sem otimizador e sem gradiente, **altera os pesos salvos**
#    (as médias móveis): avaliar um modelo em modo treino o estraga aos poucos.
# 3. Com uma única imagem e grade 1×1 não há variância para calcular: a BatchNorm em treino falha.
#
# Por isso: `model.train()` antes de treinar, `model.eval()` (e `torch.no_grad()`) antes de avaliar
# ou prever. Foi o que fizemos para comparar com o torchvision.
#
# ## A rede vê uma foto
#
# Com os pesos do ImageNet, a nossa rede já reconhece 1000 classes. A imagem precisa do mesmo
# pré-processamento do treino: redimensionar o lado menor para 256, recortar o centro 224×224 e
# normalizar com a média e o desvio padrão do ImageNet (`ResNet18_Weights.IMAGENET1K_V1.transforms()`
# faz tudo isso). Em modo *smoke* a foto é um desenho e os pesos são aleatórios: as "classes" abaixo
# não significam nada, mas o código é o mesmo.

# %%
photo = example_photo()
preprocess = ResNet18_Weights.IMAGENET1K_V1.transforms()
categories = imagenet_categories()
with torch.no_grad():
    probs = ours(preprocess(photo).unsqueeze(0)).softmax(dim=1)[0]
top = probs.topk(5)
for p, i in zip(top.values, top.indices):
    print(f"{100 * float(p):5.1f}%  {categories[int(i)]}")

fig, (ax_img, ax_bar) = plt.subplots(1, 2, figsize=(10, 3.5), gridspec_kw={"width_ratios": [1, 1.3]})
ax_img.imshow(photo)
ax_img.axis("off")
ax_bar.barh([categories[int(i)] for i in top.indices][::-1], (100 * top.values).tolist()[::-1], color="tab:blue")
ax_bar.set_xlabel("probabilidade (%)")
ax_bar.set_title("top-5 do ImageNet")
fig.tight_layout()

# %% [markdown]
# Repare que a rede devolve **logits**; a `softmax` os transforma em probabilidades só para
# mostrar. Para treinar não precisamos dela: `F.cross_entropy` já aplica a `log_softmax`
# internamente, de forma numericamente estável. No Lab 03 trocamos a `fc` de 1000 classes por uma
# nova e reaproveitamos todo o resto: *transfer learning*.
#
# ## Por que o atalho? Uma rede simples contra uma residual, de mesma profundidade
#
# A motivação da ResNet (He et al., 2015, figura 4) é uma experiência: uma rede "simples" (*plain*)
# de 34 camadas treina **pior** que uma de 18, até no próprio conjunto de treino, e a versão com
# atalhos não tem esse problema. Não é *overfitting*: é otimização. Vamos ver isso em escala de
# CPU, com os dígitos 8×8 do scikit-learn (1.500 imagens, ampliadas para 28×28 e reduzidas a 14×14):
# um tronco (*stem*) de uma convolução, 16 blocos com 16 canais (32 convoluções) e a `fc`, 34 camadas
# com pesos, treinadas do mesmo ponto de partida com SGD com momento.
#
# As duas redes usam o **seu** `BasicBlock`. Na simples, o atalho é trocado por um módulo que
# devolve zero (`NoShortcut`): o bloco continua igual, só a soma com a entrada desaparece. Treinamos
# com o `train_epoch` do `course_utils`, o laço de treino que os próximos labs também usam. No modo
# completo são 200 passos por rede (cerca de 40 s cada numa CPU, medido numa CPU compartilhada de
# 2 núcleos; segundos numa GPU); no modo *smoke*, 3 passos, e as curvas não significam nada.

# %%
from course_utils.device_data import TensorBatches
from course_utils.digits import digits_arrays
from course_utils.config import capped
from course_utils.training import train_epoch


class NoShortcut(nn.Module):
    """Um "atalho" que devolve zero: com ele, o BasicBlock vira um bloco simples, sem soma com a entrada."""

    def forward(self, x):
        return torch.zeros_like(x)


def deep_net(num_blocks, residual, width=16, num_classes=10):
    """Tronco (conv 3x3) + `num_blocks` BasicBlocks de `width` canais + média global + fc."""
    layers = [nn.Conv2d(1, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU(inplace=True)]
    layers += [BasicBlock(width, width, downsample=None if residual else NoShortcut()) for _ in range(num_blocks)]
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(width, num_classes))


def train_steps(model, batches, steps, lr=0.05):
    """`steps` passos de SGD com momento 0,9; devolve a perda de cada passo."""
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    while len(losses) < steps:
        losses += train_epoch(model, batches, optimizer, max_steps=steps - len(losses))
    return losses


depth_runs = {}
if not course_utils.is_grading():  # a correção automática pula este experimento
    (digits_x, digits_y), (test_x, test_y) = digits_arrays()
    digits_x = F.avg_pool2d(torch.from_numpy(digits_x).float().div(255).unsqueeze(1), 2)  # (N, 1, 14, 14)
    test_x = F.avg_pool2d(torch.from_numpy(test_x).float().div(255).unsqueeze(1), 2)
    mean, std = digits_x.mean(), digits_x.std()  # estatísticas do treino, também para o teste
    digits_x, test_x = (digits_x - mean) / std, (test_x - mean) / std
    digits_y, test_y = torch.from_numpy(digits_y), torch.from_numpy(test_y)
    depth_models = {}
    steps = 3 if course_utils.is_smoke() else capped(200)  # capped: só o ensaio do modo completo limita
    for residual in (False, True):
        torch.manual_seed(0)  # o mesmo ponto de partida e a mesma ordem de batches para as duas
        batches = TensorBatches(digits_x, digits_y, 64, shuffle=True, seed=0)
        name = "residual (com atalhos)" if residual else "simples (sem atalhos)"
        depth_models[name] = deep_net(16, residual)
        depth_runs[name] = train_steps(depth_models[name], batches, steps)
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.5), sharey=True)
    for ax, (name, losses) in zip(axes, depth_runs.items()):
        ax.plot(losses, alpha=0.4)
        k = max(1, len(losses) // 10)
        ax.plot(range(k - 1, len(losses)), torch.tensor(losses).unfold(0, k, 1).mean(1), lw=2, label=f"média de {k} passos")
        ax.set_title(f"34 camadas, {name}")
        ax.set_xlabel("passo")
        ax.grid(alpha=0.3)
        ax.legend()
    axes[0].set_ylabel("perda de treino")
    fig.tight_layout()
    for name, losses in depth_runs.items():
        print(f"{name:>22}: perda média dos últimos 20 passos {sum(losses[-20:]) / len(losses[-20:]):.3f}")
    # As duas redes nos dígitos de teste, que nenhuma viu: matriz de confusão de cada uma.
    for name, model in depth_models.items():
        with torch.no_grad():
            pred = model.eval()(test_x).argmax(1)
        plot_confusion_matrix(
            test_y, pred, [str(d) for d in range(10)],
            title=f"34 camadas, {name}: acurácia de teste {(pred == test_y).float().mean():.0%}")

# %% [markdown]
# **Como ler.** Na nossa medição (modo completo, numa CPU), a rede residual chegou a uma perda de
# treino perto de 0,1 em 200 passos, e a simples, com os mesmos blocos, os mesmos pesos iniciais e
# os mesmos batches, ainda estava perto de 0,85. O gradiente da simples precisa atravessar as 32
# convoluções para chegar às primeiras camadas; na residual, a soma de cada bloco é um caminho
# direto, e cada bloco começa perto da identidade mais uma correção. Com mais passos a simples
# também desce, mas devagar: é a "degradação" que o artigo da ResNet mostrou no ImageNet. As matrizes
# de confusão, nos dígitos de teste, mostram o efeito nas previsões: espera-se a da residual
# concentrada na diagonal e a da simples espalhada (no modo *smoke*, com 3 passos, nenhuma aprendeu).
#
# ## Modelos de linguagem (ChatGPT e afins)
#
# **Pode:** usar um modelo de linguagem como usaria um livro ou um monitor: para entender um
# conceito, uma mensagem de erro ou a documentação de uma função (PyTorch, torchvision).
# **Não pode:** pedir a resposta pronta de uma questão (o código de uma célula de resposta), colar o
# enunciado para ele resolver, ou copiar a resposta pronta da internet.
# **Declare sempre:** se você usou um modelo de linguagem neste lab, para qualquer coisa, cole a
# conversa inteira (ou o link dela) na célula abaixo.

# %% [markdown]
# **Minha conversa com um modelo de linguagem** (cole aqui a conversa inteira ou o link; se não usou
# nenhum, escreva "não usei"):
#
# ...

# %% [markdown]
# ## Seu feedback (não vale nota)
#
# Ajude a melhorar este lab para as próximas turmas. Edite esta célula:
#
# * **Tempo gasto** (em horas, contando o treino):
# * **O que foi mais difícil, ou não ficou claro:**
# * **Erros, trechos confusos ou sugestões:**
