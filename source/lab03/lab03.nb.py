# %% [markdown]
# # Lab 03 — Transfer learning: cabeça nova, congelamento e fine-tuning
#
# Treinar uma ResNet do zero pede muitos dados e muitas horas de GPU. Mas uma rede treinada no
# ImageNet já aprendeu coisas que servem para quase qualquer imagem: as primeiras camadas detectam
# bordas, cores e texturas; as do meio, partes e formas; só as últimas são específicas das 1000
# classes do ImageNet. **Transfer learning** é aproveitar esse trabalho: manter o corpo
# (*backbone*) pré-treinado e trocar só a parte específica, a **cabeça** (`fc`).
#
# Neste lab você vai escrever as peças (trocar a cabeça, congelar, descongelar a partir de um
# estágio, o fine-tuning em duas fases e o regularizador L2-SP) e depois usá-las num estudo no
# MNIST: do zero, sem treino (*zero-shot*), só a cabeça, `layer4` + cabeça e a rede toda,
# comparando acurácia, F1, tempo e curvas de treino, e com um classificador clássico (regressão
# logística) treinado sobre as *features* da rede. Por fim, como no lab original, treina a **sua**
# ResNet-18 do Lab 02 do zero em gatos x cachorros (os dados do Lab 01), ao lado da pré-treinada
# ajustada com o seu `fine_tune`. A parte **Para ir além**, no fim e sem nota, traz a fastai (o
# caminho de sempre e o seu `fine_tune` medido) e a escolha do $\alpha$ do L2-SP.
#
# **Como entregar.** Preencha as células marcadas com `# SEU CÓDIGO AQUI`, rode os testes logo
# abaixo de cada uma e, antes de enviar, reinicie o kernel e execute tudo em ordem. **Não apague
# nem copie células.** A correção automática roda testes ocultos e pula o estudo (que precisa de GPU).
#
# **Pontuação (10 pontos):** `new_head` (2) · `freeze_all_but_head` (1,5) · `unfreeze_from` (1,5) ·
# `fine_tune` (3) · `l2_sp_penalty` (2).
#
# **Tempo esperado (cerca de 2h30, estimativa):** configuração, dados e *zero-shot* (15 min) ·
# Questões 1 a 3 (35 min) · Questões 4 e 5 (45 min) · o estudo no MNIST e as *features* (30 min, uns
# 15 minutos de GPU, que rodam enquanto você lê) · a sua ResNet-18 em gatos x cachorros (20 min, uns
# 5 minutos de GPU) · uso de modelos de linguagem e feedback (5 min). **Para ir além** (sem nota,
# fora do horário): a fastai e o $\alpha$ do L2-SP, cerca de 1 hora e 15 minutos de GPU.

# %%
import copy

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torchvision.models import resnet18

import course_utils
from course_utils.checks import check_close, check_equal, check_shape, check_type
from course_utils.digits import MNIST_CLASSES, mnist_dataset
from course_utils.plots import show_batch
from course_utils.transfer import (IMAGENET_MEAN, IMAGENET_STD, TensorBatches, count_parameters, evaluate,
                                   example_photos, extract_features, imagenet_categories, mnist_to_imagenet,
                                   resnet18_state_dict, scores, timed, train_epoch)

course_utils.quiet_notebook()
course_utils.set_seed(42)
device = course_utils.get_device()
SMOKE, GRADING = course_utils.is_smoke(), course_utils.is_grading()
RUN_STUDY = not GRADING  # a correção automática só precisa das questões
print("device:", device, "| modo smoke:", SMOKE, "| correção automática:", GRADING)

# %% [markdown]
# ## A configuração do estudo, num lugar só
#
# Tudo o que define o custo do estudo está aqui. Os valores do modo completo foram escolhidos para
# o estudo inteiro caber em cerca de 15 minutos numa T4 do Colab. É uma **estimativa**, ainda não
# medida numa T4; a célula seguinte mede a sua máquina. A referência que motivou este lab levou uma
# hora só para treinar o `layer4` e duas para a rede toda, com imagens 224×224 lidas do disco a
# cada época. O que muda:
#
# * **Imagens pequenas.** O MNIST tem 28×28; ampliamos para 112×112 (e não 224): 4 vezes menos
#   contas, e ainda grande o bastante para os filtros do ImageNet. Com 28×28 a grade final da
#   ResNet seria 1×1, e as features pré-treinadas quase não serviriam.
# * **Dados na GPU.** O MNIST inteiro (60 mil imagens de treino e 10 mil de teste, 28×28 pixels em
#   `uint8`) ocupa 70.000 × 784 bytes ≈ 55 MB: 47 MB do treino e 7,8 MB do teste (a célula dos
#   dados imprime a conta). Carregamos tudo na GPU uma vez, e
#   cada batch é só uma indexação e uma interpolação na própria GPU: não há arquivos a abrir nem
#   JPEGs a decodificar, e por isso não precisamos de *workers* do `DataLoader` (o gargalo do Lab 01
#   simplesmente não existe aqui).
# * **Precisão mista (AMP)** e **batches grandes**: as contas em `float16` usam os *tensor cores*
#   da T4, e o formato `channels_last` é o que eles preferem.
# * **Poucas épocas** com a agenda *one-cycle*, que converge rápido.
#
# Em modo *smoke*, os dígitos do scikit-learn (ampliados para 28×28 e gravados no formato do MNIST)
# fazem o papel do MNIST, os pesos são aleatórios e cada estratégia dá poucos passos: prova que o
# código roda, não mede nada.

# %%
IMG_SIZE = 32 if SMOKE else 112
BATCH_SIZE = 16 if SMOKE else 256
EPOCHS = 1 if SMOKE else 3
N_TRAIN = 32 if SMOKE else None  # None: o conjunto de treino inteiro (60 mil)
N_TEST = 64 if SMOKE else None   # None: o teste inteiro (10 mil)
N_VALID = 32 if SMOKE else 5000  # validação, tirada do treino: toda escolha (o alpha, a fastai) olha para ela
N_SMALL = 32 if SMOKE else 1000  # treino "pequeno" do experimento com L2-SP
ALPHAS = [0.0, 1.0] if SMOKE else [0.0, 0.01, 0.1, 1.0]  # coeficientes do L2-SP a comparar
SMALL_EPOCHS = 1 if SMOKE else 8
N_FEATURES = 256 if SMOKE else 20000  # exemplos de treino da regressão logística
CHANNELS_LAST = device.type == "cuda"  # o formato de memória que os tensor cores preferem
MEMORY_FORMAT = torch.channels_last if CHANNELS_LAST else torch.contiguous_format
torch.backends.cudnn.benchmark = True  # tamanhos fixos: deixa o cuDNN escolher o algoritmo mais rápido

# %% [markdown]
# ### Quanto tempo o estudo vai levar aqui?
#
# Sem GPU (um ambiente de CPU do Colab, por exemplo), o estudo do modo completo levaria horas. A célula
# abaixo mede um passo de treino da ResNet-18 nesta máquina e multiplica pelo número de imagens que o
# estudo treina (é uma estimativa por cima: as estratégias congeladas gastam menos, e a avaliação é só
# *forward*). Numa CPU, fora do modo *smoke*, ela **encolhe** o estudo (menos imagens, 64×64, menos
# épocas) e diz quanto ele passa a custar. Os números encolhidos não são comparáveis aos da GPU.

# %%
def seconds_per_image(img_size, batch_size):
    """Tempo de um passo de treino da rede toda (forward + backward + AdamW) num batch do estudo, por imagem."""
    model = resnet18(num_classes=10).to(device, memory_format=MEMORY_FORMAT)
    optimizer = torch.optim.AdamW(model.parameters())
    x = torch.randn(batch_size, 3, img_size, img_size, device=device).contiguous(memory_format=MEMORY_FORMAT)
    batch = [(x, torch.randint(0, 10, (batch_size,), device=device))]
    train_epoch(model, batch, optimizer)  # aquecimento (cuDNN, alocações)
    row = {}
    with timed(row):
        train_epoch(model, batch, optimizer)
    return row["seconds"] / batch_size


def study_images(n_train, n_test):
    """Imagens que o estudo treina (5 estratégias treinadas, contando a da fastai, e o L2-SP), e as que só avalia."""
    trained = 5 * EPOCHS * n_train + len(ALPHAS) * SMALL_EPOCHS * N_SMALL
    evaluated = 9 * n_test + N_FEATURES  # cada avaliação e a extração de features: só forward (~1/3 de um passo)
    return trained + evaluated / 3


def estimate_minutes():
    n_train = N_TRAIN or len(mnist_dataset(train=True))
    n_test = N_TEST or len(mnist_dataset(train=False))
    return seconds_per_image(IMG_SIZE, BATCH_SIZE) * study_images(n_train, n_test) / 60


if not GRADING:
    print(f"estimativa do estudo nesta máquina ({device}): {estimate_minutes():.1f} min")
if device.type == "cpu" and not SMOKE and not GRADING:
    IMG_SIZE, BATCH_SIZE, EPOCHS = 64, 128, 1
    N_TRAIN, N_TEST, N_SMALL, N_FEATURES = 3000, 1000, 300, 2000
    ALPHAS, SMALL_EPOCHS = [0.0, 0.1], 4
    print(f"sem GPU: estudo encolhido ({N_TRAIN} imagens de treino, {IMG_SIZE}x{IMG_SIZE}, {EPOCHS} época): "
          f"~{estimate_minutes():.1f} min")

# %% [markdown]
# ## Os dados: MNIST na GPU
#
# O `torchvision.datasets.MNIST` guarda as imagens num tensor `uint8` de forma `(N, 28, 28)`
# (`.data`) e os rótulos em `.targets`. A transformação para a entrada da ResNet acontece por batch,
# na GPU: converter para `float`, ampliar para `IMG_SIZE`, **repetir o canal cinza 3 vezes** (a rede
# pré-treinada espera RGB) e normalizar com a média e o desvio padrão do ImageNet, os mesmos do
# pré-treino.

# %%
train_set, test_set = mnist_dataset(train=True), mnist_dataset(train=False)
n_fit = N_TRAIN or len(train_set) - N_VALID  # as últimas N_VALID imagens do treino ficam para a validação
x_train, y_train = train_set.data[:n_fit].to(device), train_set.targets[:n_fit].to(device)
x_valid = train_set.data[n_fit:n_fit + N_VALID].to(device)
y_valid = train_set.targets[n_fit:n_fit + N_VALID].to(device)
x_test, y_test = test_set.data[:N_TEST].to(device), test_set.targets[:N_TEST].to(device)
print(f"treino: {tuple(x_train.shape)} {x_train.dtype} | validação: {tuple(x_valid.shape)} | teste: {tuple(x_test.shape)}")
print(f"o conjunto inteiro em uint8: treino {train_set.data.nbytes / 1e6:.1f} MB + teste "
      f"{test_set.data.nbytes / 1e6:.1f} MB = {(train_set.data.nbytes + test_set.data.nbytes) / 1e6:.1f} MB"
      + (" (o substituto do modo smoke)" if SMOKE else ""))


def to_input(x):
    x = mnist_to_imagenet(x, IMG_SIZE)
    return x.contiguous(memory_format=torch.channels_last) if CHANNELS_LAST else x


train_batches = TensorBatches(x_train, y_train, BATCH_SIZE, shuffle=True, transform=to_input)
valid_batches = TensorBatches(x_valid, y_valid, 4 * BATCH_SIZE, transform=to_input)
test_batches = TensorBatches(x_test, y_test, 4 * BATCH_SIZE, transform=to_input)
X, Y = next(iter(train_batches))
print("um batch:", tuple(X.shape), X.dtype, X.device)
show_batch(X.float(), Y, classes=MNIST_CLASSES, n=8, mean=IMAGENET_MEAN, std=IMAGENET_STD);

# %% [markdown]
# ## Os pesos pré-treinados
#
# Como no Lab 02: os pesos `IMAGENET1K_V1` em modo completo, pesos aleatórios com os mesmos nomes
# em modo *smoke*. Daqui em diante usamos a `resnet18` do torchvision, que o Lab 02 provou ser igual
# à nossa.

# %%
weights = resnet18_state_dict()
print("fc.weight no pré-treino:", tuple(weights["fc.weight"].shape), "(1000 classes do ImageNet)")

# %% [markdown]
# O que a primeira camada aprendeu? A `conv1` tem 64 filtros de 7×7 sobre os 3 canais (RGB): dá para
# olhar cada um como uma pequena imagem colorida (cada filtro reescalado para [0, 1]). No modo
# completo, com os pesos do ImageNet, aparecem **bordas** em várias orientações, listras (frequências
# diferentes) e manchas de cor: é a afirmação do começo do lab, vista. No modo *smoke* os pesos são
# aleatórios, e os filtros são ruído.

# %%
if not GRADING:
    filters = weights["conv1.weight"].float()
    low = filters.amin(dim=(1, 2, 3), keepdim=True)
    high = filters.amax(dim=(1, 2, 3), keepdim=True)
    filters = ((filters - low) / (high - low + 1e-8)).permute(0, 2, 3, 1).numpy()
    fig, axes = plt.subplots(4, 16, figsize=(12, 3.2))
    for ax, f in zip(axes.flat, filters):
        ax.imshow(f)
        ax.axis("off")
    fig.suptitle("Os 64 filtros da conv1" + (" (pesos aleatórios: modo smoke)" if SMOKE else " (ImageNet)"))
    fig.tight_layout()

# %% [markdown]
# ## Zero-shot: o modelo do ImageNet, sem treino nenhum, no ImageNet e no MNIST
#
# Antes de mexer em qualquer peso, o exercício do material de referência: avaliar a rede pré-treinada
# **como ela é**, com a cabeça de 1000 classes, em modo `eval()`. Primeiro em fotos do tipo que ela
# conhece (no modo completo: um cão, um templo e uma flor, fotos reais; no modo *smoke*, desenhos e
# pesos aleatórios, e as previsões não significam nada), com o pré-processamento do pré-treino, que
# o próprio `torchvision` guarda junto com os pesos (`ResNet18_Weights.IMAGENET1K_V1.transforms()`:
# redimensiona para 256, recorta 224 no centro, normaliza com as estatísticas do ImageNet).

# %%
from torchvision.models import ResNet18_Weights

categories = imagenet_categories()
imagenet_net = resnet18()
imagenet_net.load_state_dict(weights)
imagenet_net = imagenet_net.to(device).eval()
preprocess = ResNet18_Weights.IMAGENET1K_V1.transforms()

photos = example_photos() if not GRADING else {}
if photos:
    with torch.no_grad():
        probs = imagenet_net(torch.stack([preprocess(img) for img in photos.values()]).to(device)).softmax(1).cpu()
    fig, axes = plt.subplots(1, len(photos), figsize=(4 * len(photos), 3.6))
    for ax, (name, img), p in zip(np.atleast_1d(axes), photos.items(), probs):
        top = p.topk(3)
        ax.imshow(img)
        ax.axis("off")
        ax.set_title("\n".join(f"{categories[i]}: {v:.0%}" for v, i in zip(top.values.tolist(), top.indices.tolist())),
                     fontsize=9)
        print(f"{name:>16}: " + " | ".join(f"{categories[i]} ({v:.1%})" for v, i in zip(top.values.tolist(),
                                                                                     top.indices.tolist())))
    fig.tight_layout()

# %% [markdown]
# E no MNIST? As 1000 saídas são classes do ImageNet (`tench`, `goldfish`, ...): nenhuma delas é
# "dígito 4". Comparar o índice previsto com o rótulo do dígito, como se a saída 4 fosse o "4", dá
# acurácia perto de **zero** (a saída 4 é `hammerhead`, um tubarão). O que dá para ver é **o que** a
# rede acha que os dígitos são:

# %%
if not GRADING:
    with torch.no_grad():
        digits_x = mnist_to_imagenet(x_test[:512], 224 if device.type == "cuda" else IMG_SIZE)
        predicted = torch.cat([imagenet_net(chunk).argmax(1) for chunk in digits_x.split(64)]).cpu()
    literal = (predicted == y_test[:512].cpu()).float().mean().item()
    print(f"'acurácia' literal (índice do ImageNet == dígito): {literal:.1%}")
    names, counts = np.unique(predicted.numpy(), return_counts=True)
    for i in np.argsort(-counts)[:5]:
        print(f"{counts[i] / len(predicted):6.1%} dos dígitos viram '{categories[names[i]]}'")
    del digits_x

# %% [markdown]
# No modo completo, repare que os dígitos se concentram em poucas classes do ImageNet, de objetos
# parecidos com um traço claro sobre fundo escuro: a rede descreve o que vê com o vocabulário que tem.
# **Sem treino, o que se transfere são as features, não a cabeça.**
# No estudo, a linha "zero-shot" usa uma cabeça nova de 10 classes, aleatória: ela dá ~10%, o acaso
# (o material de referência relata 8% sem treino, dessa ordem).

# %% [markdown]
# ## Questão 1 — uma cabeça nova, o resto pré-treinado (2 pontos)
#
# O MNIST tem 10 classes, não 1000. A última camada (`fc`, de 512 features para 1000 logits) é a
# única que fala a língua do ImageNet, então é ela que trocamos: por uma `nn.Linear` nova, de 512
# para 10, com pesos aleatórios (e com bias). Todo o resto deve continuar com os pesos pré-treinados,
# inclusive os *buffers* da BatchNorm (`running_mean`, `running_var`).
#
# Implemente `new_head(model, weights, num_classes)`. Cuidado com a ordem: o `state_dict` pré-treinado
# tem uma `fc` de 1000 classes, que só cabe no modelo **antes** da troca.
#
# A função deve valer para qualquer rede com a cabeça em `model.fc` (uma `nn.Linear`), não só para a `resnet18`:
# outras ResNets, outras larguras de features, qualquer número de classes. Ela só troca a cabeça.
# `new_head` não congela nada: todos os parâmetros, a cabeça nova inclusive, continuam treináveis.

# %% answer new_head

# %% test new_head 0.5
model = new_head(resnet18(), weights, 10)
check_type(model.fc, nn.Linear, "model.fc")
check_shape(model.fc.weight, (10, 512), "model.fc.weight", hint="nn.Linear(model.fc.in_features, num_classes).")
check_equal(model.fc.bias is not None, True, "a nova fc tem bias?")
check_shape(model.fc.bias, (10,), "model.fc.bias")
model.eval()
with torch.no_grad():
    check_shape(model(torch.randn(2, 3, 64, 64)), (2, 10), "logits do modelo novo")

# %% [markdown]
# O que importa de verdade: o corpo é o pré-treinado, sem tirar nem pôr.

# %% test new_head 1
torch.manual_seed(1)  # a inicialização aleatória do modelo é diferente dos pesos pré-treinados
model = new_head(resnet18(), weights, 10)
state = model.state_dict()
for name in ["conv1.weight", "bn1.running_mean", "layer3.1.conv2.weight", "layer4.0.downsample.1.running_var",
             "layer4.1.bn2.bias"]:
    check_equal(state[name], weights[name], name, hint="carregue o state_dict pré-treinado no modelo antes de trocar a fc.")

# %% test new_head 0.5
# Testes ocultos: a cabeça nova é treinável e é nova de verdade.

# %% [markdown]
# ## Questão 2 — congelar tudo menos a cabeça (1,5 ponto)
#
# A cabeça nova começa aleatória. Se treinarmos a rede toda desde o início, os gradientes que saem
# dessa cabeça não carregam informação nenhuma sobre a tarefa (ela ainda não sabe nada), mas descem
# pela rede e **distorcem as features pré-treinadas**, que já eram boas; depois a cabeça se ajusta às
# features já estragadas. Kumar et al. (2022) mostram isso e propõem o LP-FT: treinar primeiro só a
# cabeça (*linear probing*), depois tudo (*fine-tuning*), que é a receita da Questão 4. A solução é **congelar** o corpo: com `requires_grad = False`, o PyTorch não calcula o
# gradiente desses parâmetros, o otimizador não os altera, e de quebra o *backward* fica mais barato.
#
# Implemente `freeze_all_but_head(model)`: congela todos os parâmetros, inclusive os da BatchNorm,
# e deixa treináveis os **dois** parâmetros da cabeça (peso e bias).
# Vale para qualquer rede com a cabeça em `model.fc`, não só para a `resnet18`.
# A cabeça continua sendo a mesma camada, com os mesmos pesos: não troque nem altere camada nenhuma.

# %% answer freeze_head

# %% test freeze_head 1
model = resnet18(num_classes=10)
freeze_all_but_head(model)
trainable = [name for name, p in model.named_parameters() if p.requires_grad]
check_equal(trainable, ["fc.weight", "fc.bias"], "parâmetros treináveis",
            hint="congele todos os parâmetros de model.parameters() e libere os dois de model.fc.")
check_equal(count_parameters(model, trainable_only=True), 512 * 10 + 10, "número de parâmetros treináveis")

# %% test freeze_head 0.5
# Testes ocultos: outro ponto de partida e outra rede.

# %% [markdown]
# ## Questão 3 — descongelar a partir de um estágio (1,5 ponto)
#
# Entre "só a cabeça" e "tudo" há um meio-termo: treinar também os **últimos estágios**, os mais
# específicos, e manter congelados os primeiros, os mais genéricos (bordas e texturas servem para
# qualquer imagem). Os filhos diretos de uma `resnet18` vêm em ordem em `model.named_children()`:
# `conv1, bn1, relu, maxpool, layer1, layer2, layer3, layer4, avgpool, fc`.
#
# Implemente `unfreeze_from(model, stage)`: o filho chamado `stage` e todos os que vêm depois dele
# ficam treináveis; os de antes, congelados. `unfreeze_from(model, "layer4")` treina `layer4` e
# `fc`; a partir de `"conv1"`, treina tudo.
# A função deve valer para qualquer rede, com quaisquer nomes e qualquer número de filhos: leia a ordem de `model.named_children()`.

# %% answer unfreeze_from

# %% test unfreeze_from 1
model = resnet18(num_classes=10)
unfreeze_from(model, "layer4")
stages = sorted({name.split(".")[0] for name, p in model.named_parameters() if p.requires_grad})
check_equal(stages, ["fc", "layer4"], "partes treináveis depois de unfreeze_from(model, 'layer4')",
            hint="o próprio estágio e os que vêm depois dele ficam treináveis; os anteriores, congelados.")
check_equal(count_parameters(model, trainable_only=True),
            count_parameters(model.layer4) + count_parameters(model.fc), "número de parâmetros treináveis")

# %% test unfreeze_from 0.5
# Testes ocultos: outros estágios, e chamadas em sequência.

# %% [markdown]
# Compare quanto cada escolha treina (e lembre do Lab 02: o `layer4` tem 70% dos parâmetros, mas
# roda numa grade pequena):

# %%
model = resnet18(num_classes=10)
for label, setup in [("só a cabeça", freeze_all_but_head),
                     ("layer4 + cabeça", lambda m: unfreeze_from(m, "layer4")),
                     ("layer3 em diante", lambda m: unfreeze_from(m, "layer3")),
                     ("tudo", lambda m: unfreeze_from(m, "conv1"))]:
    setup(model)
    n = count_parameters(model, trainable_only=True)
    print(f"{label:>17}: {n:>10,} parâmetros treináveis ({100 * n / count_parameters(model):5.1f}%)")

# %% [markdown]
# **Um cuidado: congelar não congela a BatchNorm inteira.** `requires_grad = False` impede que
# $\gamma$ e $\beta$ mudem, mas em `model.train()` a BatchNorm continua atualizando `running_mean` e
# `running_var` com as estatísticas dos dados novos (Lab 02). Às vezes é bom (as estatísticas se
# adaptam ao MNIST), às vezes não (com batches pequenos elas ficam ruidosas); para congelar também as
# estatísticas, ponha os módulos congelados em `eval()` depois de chamar `model.train()`. Aqui
# deixamos atualizar. A fastai vai além: por padrão (`train_bn=True`) ela deixa **treináveis** o
# $\gamma$ e o $\beta$ de toda BatchNorm, mesmo nas camadas congeladas; a Questão 2 pede o contrário
# (tudo congelado), e a comparação com a fastai mais adiante mostra a diferença.
#
# ## Questão 4 — fine-tuning em duas fases (3 pontos)
#
# A receita clássica, na sua forma mais simples (o `fine_tune` da fastai segue a mesma ideia, com
# vários refinamentos que a parte *Para ir além* mede):
#
# 1. **Fase 1: só a cabeça**, por poucas épocas, com uma taxa de aprendizado maior. O corpo
#    congelado fica protegido dos gradientes da cabeça aleatória.
# 2. **Fase 2: tudo**, com a cabeça já razoável, uma taxa menor (o corpo já é bom: só queremos
#    ajustá-lo) e um otimizador **novo** que conheça todos os parâmetros.
#
# Em cada fase, a taxa segue a agenda **one-cycle** (`OneCycleLR`): começa baixa, sobe até `max_lr`
# (aquecimento: os primeiros passos, com estatísticas do Adam ainda ruins, são dados com cuidado),
# depois desce até quase zero (os últimos passos refinam). A agenda dá um passo por **batch**, então
# o total de passos é `épocas * len(batches)`.
#
# Implemente `fine_tune`. Para congelar e descongelar, use a função `set_requires_grad` abaixo (e não
# as suas funções das questões anteriores: assim, um erro lá não custa pontos aqui). Cada época é uma
# chamada `train_epoch(model, batches, optimizer, scheduler)` (do `course_utils.transfer`): ela treina
# uma época, dando `scheduler.step()` a cada batch, e devolve a lista de perdas.
#
# Fora o pico e o número de passos, use os valores padrão do `AdamW` e da `OneCycleLR`.
# Chame sempre o `train_epoch` recebido como argumento, e só ele treina: os testes passam um `train_epoch` espião.
# Vale para qualquer rede com a cabeça em `model.fc`, não só para a `resnet18`.
# A rede pode chegar com qualquer parte congelada, a cabeça inclusive.

# %%
def set_requires_grad(module, flag):
    """Liga (True) ou desliga (False) o treino de todos os parâmetros de `module`."""
    for param in module.parameters():
        param.requires_grad = flag

# %% answer fine_tune

# %% [markdown]
# Os testes usam uma rede minúscula (um corpo e uma `fc`), dados sintéticos e um `train_epoch`
# "espião", que anota o que vê a cada época (quem está treinável, quem está no otimizador, a taxa de
# cada passo, os pesos) e treina com o `train_epoch` de verdade.

# %%
class TinyNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU())
        self.fc = nn.Linear(16, 3)

    def forward(self, x):
        return self.fc(self.body(x))


def tiny_task(n=96, batch_size=16, seed=0):
    """Pontos em 6 dimensões; a classe (0, 1 ou 2) conta quantas das 2 primeiras coordenadas são positivas."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 6, generator=g)
    y = (x[:, 0] > 0).long() + (x[:, 1] > 0).long()
    return TensorBatches(x, y, batch_size, shuffle=True, seed=seed)


class SpyEpoch:
    """Um train_epoch que anota o estado de cada época antes de treinar."""

    def __init__(self):
        self.epochs = []

    def __call__(self, model, batches, optimizer, scheduler):
        in_optimizer = {id(p) for group in optimizer.param_groups for p in group["params"]}
        record = {
            "optimizer": type(optimizer).__name__,
            "optimizer_id": id(optimizer),
            "trainable": sorted(n for n, p in model.named_parameters() if p.requires_grad),
            "optimized": sorted(n for n, p in model.named_parameters() if id(p) in in_optimizer),
            "scheduler": type(scheduler).__name__,
            "state": copy.deepcopy(model.state_dict()),
            "lrs": [],
        }
        self.epochs.append(record)
        losses = []
        for batch in batches:
            record["lrs"].append(optimizer.param_groups[0]["lr"])
            losses += train_epoch(model, [batch], optimizer, scheduler, amp=False)
        return losses


ALL_TINY = sorted(name for name, _ in TinyNet().named_parameters())
HEAD_TINY = ["fc.bias", "fc.weight"]

# %% [markdown]
# Primeiro a estrutura: uma época de cabeça, duas de tudo.

# %% test fine_tune 1
torch.manual_seed(0)
model, spy = TinyNet(), SpyEpoch()
history = fine_tune(model, tiny_task(), head_epochs=1, epochs=2, head_lr=1e-2, lr=1e-3, train_epoch=spy)
check_equal(len(spy.epochs), 3, "número de chamadas de train_epoch (1 + 2 épocas)")
check_equal(spy.epochs[0]["trainable"], HEAD_TINY, "parâmetros treináveis na fase 1",
            hint="na fase 1, congele tudo e libere só model.fc.")
check_equal(spy.epochs[1]["trainable"], ALL_TINY, "parâmetros treináveis na fase 2",
            hint="na fase 2, libere todos os parâmetros.")
check_equal(len(history), 3, "len(history): uma lista de perdas por época")
check_equal([len(h) for h in history], [6, 6, 6], "perdas por época (96 exemplos em batches de 16)")

# %% [markdown]
# Depois o otimizador e a agenda de cada fase: quem está no otimizador, o pico da taxa, e se ela
# sobe e desce dentro da fase.

# %% test fine_tune 1
torch.manual_seed(0)
model, spy = TinyNet(), SpyEpoch()
fine_tune(model, tiny_task(), head_epochs=1, epochs=2, head_lr=1e-2, lr=1e-3, train_epoch=spy)
check_equal(spy.epochs[0]["optimized"], HEAD_TINY, "parâmetros no otimizador da fase 1")
check_equal(spy.epochs[1]["optimized"], ALL_TINY, "parâmetros no otimizador da fase 2",
            hint="crie um otimizador novo com model.parameters() para a fase 2.")
check_equal([e["scheduler"] for e in spy.epochs], ["OneCycleLR"] * 3, "agenda de cada época")
head_lrs = spy.epochs[0]["lrs"]
all_lrs = spy.epochs[1]["lrs"] + spy.epochs[2]["lrs"]
check_close(torch.tensor(max(head_lrs)), torch.tensor(1e-2), "maior taxa da fase 1", rtol=0.1, atol=0)
check_close(torch.tensor(max(all_lrs)), torch.tensor(1e-3), "maior taxa da fase 2", rtol=0.1, atol=0,
            hint="max_lr da fase 2 é lr; o da fase 1 é head_lr.")
check_equal(all_lrs[0] < max(all_lrs) / 5 and all_lrs[-1] < max(all_lrs) / 5, True,
            "a taxa da fase 2 começa baixa, sobe e termina baixa (um ciclo só)?",
            hint="total_steps = epochs * len(batches).")

# %% [markdown]
# Por fim, o efeito: na fase 1 o corpo não pode mudar; na fase 2, muda.

# %% test fine_tune 1
torch.manual_seed(3)
model, spy = TinyNet(), SpyEpoch()
start = copy.deepcopy(model.state_dict())
fine_tune(model, tiny_task(), head_epochs=1, epochs=1, head_lr=1e-2, lr=1e-2, train_epoch=spy)
after_head = spy.epochs[1]["state"]
check_equal(after_head["body.0.weight"], start["body.0.weight"], "body.0.weight depois da fase 1",
            hint="na fase 1 o corpo fica congelado.")
check_equal(torch.equal(after_head["fc.weight"], start["fc.weight"]), False, "fc.weight mudou na fase 1?")
check_equal(torch.equal(model.body[0].weight.detach(), start["body.0.weight"]), False, "body.0.weight mudou na fase 2?")

# %% [markdown]
# ## Questão 5 — L2-SP: regularizar em direção ao ponto de partida (2 pontos)
#
# Com poucos dados, o fine-tuning pode "esquecer" o que o pré-treino ensinou e decorar o treino. O
# *weight decay* comum (L2) puxa os pesos para **zero**, mas zero não tem nada de especial aqui: o
# bom ponto de referência é o **pré-treinado**. O **L2-SP** (*starting point*, Li et al., 2018)
# penaliza a distância aos pesos iniciais $w^0$:
#
# $$\Omega(w) = \frac{\alpha}{2} \sum_{\text{parâmetros do corpo}} \lVert w - w^0 \rVert^2$$
#
# A cabeça nova não tem ponto de partida significativo e fica de fora (o artigo aplica a ela um L2
# comum, com outro coeficiente $\beta$). O gradiente é $\alpha (w - w^0)$: uma mola que puxa cada
# peso de volta ao valor pré-treinado, mais forte quanto mais longe ele vai.
#
# Implemente `l2_sp_penalty(model, start, alpha)`, onde `start` é um dicionário nome → tensor (uma
# cópia dos pesos iniciais, só com os nomes que devem ser regularizados). A penalidade é sempre um
# tensor escalar, que se soma à *loss*. Com `start` vazio, ou sem nenhum nome do modelo, ela é um tensor 0.
# O efeito do L2-SP com poucos
# dados, e a escolha de $\alpha$, estão na parte **Para ir além**, no fim do lab.

# %% answer l2_sp

# %% test l2_sp 1
torch.manual_seed(0)
model = TinyNet()
start = {name: p.detach().clone() for name, p in model.named_parameters() if not name.startswith("fc.")}
check_close(l2_sp_penalty(model, start, 0.1), torch.tensor(0.0), "penalidade no ponto de partida",
            hint="a penalidade mede a distância até start, não até zero.")
with torch.no_grad():
    model.body[0].weight.add_(0.5)  # 96 pesos movidos de 0,5
check_close(l2_sp_penalty(model, start, 0.1), torch.tensor(0.1 / 2 * 96 * 0.25), "penalidade depois de mover body.0.weight",
            hint="alpha / 2 vezes a soma dos quadrados das diferenças.")
with torch.no_grad():
    model.fc.weight.add_(1.0)  # a cabeça não está em start
check_close(l2_sp_penalty(model, start, 0.1), torch.tensor(0.1 / 2 * 96 * 0.25), "penalidade depois de mover a cabeça",
            hint="só entram os parâmetros cujo nome está em start.")

# %% [markdown]
# O que o otimizador usa é o gradiente: ele deve ser $\alpha (w - w^0)$.

# %% test l2_sp 1
torch.manual_seed(1)
model = TinyNet()
start = {name: p.detach().clone() for name, p in model.named_parameters() if not name.startswith("fc.")}
with torch.no_grad():
    for p in model.parameters():
        p.add_(torch.randn_like(p))
penalty = l2_sp_penalty(model, start, 0.3)
check_type(penalty, torch.Tensor, "penalidade")
penalty.backward()
check_close(model.body[2].weight.grad, 0.3 * (model.body[2].weight.detach() - start["body.2.weight"]),
            "gradiente de body.2.weight", hint="a penalidade precisa ser diferenciável: não use .detach() nos pesos.")
check_equal(model.fc.weight.grad is None or bool((model.fc.weight.grad == 0).all()), True, "a cabeça sem gradiente?")

# %% [markdown]
# ### Os outros regularizadores do capítulo 8.3 (que este lab não implementa)
#
# O L2-SP trata todos os pesos igualmente e olha só para os pesos. O capítulo 8.3 do livro de
# referência (*Introduction to Transfer Learning*) apresenta outros, cada um mudando **o que** se
# mantém perto do ponto de partida:
#
# * **EWC / Fisher** (*Elastic Weight Consolidation*): o mesmo termo $\sum_i F_i (w_i - w_i^0)^2$, mas
#   cada peso pesa conforme $F_i$, a diagonal da **informação de Fisher** na tarefa original (o
#   quanto a perda antiga muda quando aquele peso muda). Os pesos importantes para a tarefa antiga
#   ficam presos, os irrelevantes ficam livres. Ajuda quando é preciso **não esquecer** a tarefa de
#   origem (aprendizado contínuo) e quando se tem os dados dela para estimar $F$.
# * **DELTA** (*DEep Learning Transfer using feature map with Attention*): regulariza os **mapas de
#   features**, não os pesos: penaliza a distância entre as ativações da rede ajustada e as da rede
#   original nas mesmas imagens, com pesos de atenção para os canais que mais importam para a tarefa
#   nova. Ajuda quando muitos pesos diferentes dão o mesmo comportamento (o L2-SP puniria mudanças
#   inofensivas) e com poucos dados de um domínio parecido.
# * **BSS** (*Batch Spectral Shrinkage*): penaliza os **menores valores singulares** da matriz de
#   features de cada batch, as direções espectrais que quase só carregam ruído da tarefa de origem
#   e que o fine-tuning tende a amplificar (*transferência negativa*). Ajuda sobretudo com **poucos**
#   exemplos rotulados, quando essas direções levam ao *overfitting*.
# * **Co-tuning**: aprende uma relação entre as classes de origem e as de destino (p. ex., "dígito 1"
#   ↔ classes do ImageNet), e usa a **cabeça antiga**, em vez de jogá-la fora, para gerar rótulos
#   auxiliares no espaço das 1000 classes. Regulariza a saída com esses rótulos, e ajuda quando as
#   classes de origem e de destino são **aparentadas** (ImageNet → fotos de animais, não tanto
#   ImageNet → dígitos).
#
# ## O estudo: cinco maneiras de usar uma ResNet-18 no MNIST
#
# | estratégia | pesos iniciais | o que treina |
# |---|---|---|
# | do zero | aleatórios | tudo |
# | zero-shot | ImageNet + cabeça nova aleatória | nada |
# | só a cabeça | ImageNet | `fc` |
# | layer4 + cabeça | ImageNet | `layer4`, `fc` |
# | tudo (duas fases) | ImageNet | `fc`, depois tudo (`fine_tune`) |
#
# Todas as estratégias treinadas veem o mesmo número de épocas (`EPOCHS`) com AdamW e one-cycle; o
# tempo inclui só o treino (a avaliação é igual para todas). Medimos acurácia e **F1 macro** (a
# média do F1 de cada classe: uma classe ruim pesa o mesmo que as outras, por menor que seja).

# %%
def pretrained_model():
    return new_head(resnet18(), weights, 10).to(device, memory_format=MEMORY_FORMAT)


def train_trainable(model, max_lr):
    """EPOCHS épocas de one-cycle sobre os parâmetros que estão com requires_grad."""
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=max_lr)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr, total_steps=EPOCHS * len(train_batches))
    return [train_epoch(model, train_batches, optimizer, scheduler) for _ in range(EPOCHS)]


def run_scratch():
    model = resnet18(num_classes=10).to(device, memory_format=MEMORY_FORMAT)
    return (model, train_trainable(model, 2e-3))


def run_zero_shot():
    return (pretrained_model(), [])


def run_head_only():
    model = pretrained_model()
    freeze_all_but_head(model)
    return (model, train_trainable(model, 3e-3))


def run_layer4():
    model = pretrained_model()
    unfreeze_from(model, "layer4")
    return (model, train_trainable(model, 1e-3))


class LoggedScheduler:
    """Repassa scheduler.step() e anota a taxa de cada passo (a que o passo acabou de usar)."""

    def __init__(self, scheduler, log):
        self.scheduler, self.log = scheduler, log

    def step(self):
        self.log.append(self.scheduler.optimizer.param_groups[0]["lr"])
        self.scheduler.step()


two_phase_log = {"lrs": [], "trainable": []}


def logged_epoch(model, batches, optimizer, scheduler):
    two_phase_log["trainable"].append(count_parameters(model, trainable_only=True))
    return train_epoch(model, batches, optimizer, LoggedScheduler(scheduler, two_phase_log["lrs"]))


def run_two_phase():
    model = pretrained_model()
    return (model, fine_tune(model, train_batches, head_epochs=1, epochs=max(1, EPOCHS - 1), head_lr=3e-3, lr=1e-3,
                             train_epoch=logged_epoch))


STRATEGIES = {"do zero": run_scratch, "zero-shot": run_zero_shot, "só a cabeça": run_head_only,
              "layer4 + cabeça": run_layer4, "tudo (duas fases)": run_two_phase}
results, models, histories = {}, {}, {}
if RUN_STUDY:
    for name, run in STRATEGIES.items():
        torch.manual_seed(0)
        row = {}
        with timed(row, "seconds"):
            model, history = run()
        row["trainable"] = count_parameters(model, trainable_only=True) if history else 0
        row.update(evaluate(model, test_batches))
        results[name], models[name] = row, model
        if history:
            histories[name] = [loss for epoch in history for loss in epoch]
        print(f"{name:>18}: acurácia {row['acc']:.4f} | F1 macro {row['f1_macro']:.4f} | {row['seconds']:6.1f} s")

# %% [markdown]
# A tabela e o gráfico:

# %%
def show_results(results):
    print(f"{'estratégia':>20} | {'acurácia':>8} | {'F1 macro':>8} | {'tempo (s)':>9} | {'treináveis':>11}")
    print("-" * 70)
    for name, r in results.items():
        print(f"{name:>20} | {r['acc']:8.4f} | {r['f1_macro']:8.4f} | {r['seconds']:9.1f} | {r['trainable']:>11,}")
    fig, axes = plt.subplots(1, 3, figsize=(15, 3.8))
    for ax, key, label in zip(axes, ["acc", "f1_macro", "seconds"], ["acurácia", "F1 macro", "tempo de treino (s)"]):
        bars = ax.bar(list(results), [r[key] for r in results.values()],
                      color=["tab:gray", "tab:red", "tab:orange", "tab:green", "tab:blue"][:len(results)])
        ax.bar_label(bars, fmt="%.3f" if key != "seconds" else "%.0f")
        ax.set_title(label)
        ax.tick_params(axis="x", rotation=25)
    fig.tight_layout()


if results:
    show_results(results)

# %% [markdown]
# E as curvas de treino: a perda de cada passo (média móvel de alguns passos), para as estratégias que
# treinam. Com o mesmo número de passos, as que partem do ImageNet descem **mais cedo** que a do zero:
# o pré-treino não garante uma nota final maior no MNIST, mas **converge mais rápido**. (Na curva do
# "tudo (duas fases)", o degrau marca a troca de fase.)

# %%
def smooth(values, k):
    values = np.asarray(values, dtype=float)
    k = max(1, min(k, len(values)))
    return np.convolve(values, np.ones(k) / k, mode="valid")


def plot_histories(histories, title):
    fig, ax = plt.subplots(figsize=(8, 3.8))
    for name, losses in histories.items():
        curve = smooth(losses, len(losses) // 20)
        ax.plot(np.arange(len(curve)) + (len(losses) - len(curve)), curve, label=name)
    ax.set_xlabel("passo")
    ax.set_ylabel("perda de treino (média móvel)")
    ax.set_yscale("log")
    ax.set_title(title)
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()


if histories:
    plot_histories(histories, f"Curvas de treino, {EPOCHS} época(s) por estratégia")

# %% [markdown]
# **O que esperar (e por quê).** As faixas abaixo são expectativas, não medições deste lab: compare
# com a sua tabela.
#
# * **Zero-shot** fica no acaso (~10%): o corpo pré-treinado extrai boas features, mas a cabeça nova
#   é aleatória e ninguém a ensinou a ler dígitos. (A cabeça original do ImageNet também não serviria:
#   "4" não é uma das suas 1000 classes.)
# * **Só a cabeça** costuma passar de 90%, no treino mais barato: as features do ImageNet separam
#   bem os dígitos, mesmo sem nunca terem visto um. É a estratégia mais barata por época
#   (o *backward* para na `fc`), mas o teto é o das features congeladas.
# * **layer4 + cabeça** adapta as features mais específicas ao novo domínio e sobe bastante, com um
#   custo intermediário: o *backward* para no `layer4`, que roda numa grade pequena.
# * **Tudo** e **do zero** chegam perto de 99%: o MNIST é fácil e grande (60 mil imagens), então
#   uma ResNet-18 aprende do zero em poucas épocas. Aqui o pré-treino ajuda pouco na nota final; ele
#   brilha quando os dados são **poucos** ou o domínio é **parecido** com o ImageNet (fotos).
#
# Os tempos relativos contam a história do custo: treinar tudo custa cerca de 3 vezes o *forward*;
# congelar o corpo economiza o *backward* dele. Nos apontamentos que inspiraram este lab, o
# `layer4` levou uma hora e a rede toda duas, em 224×224 com um loader que lia imagens do disco;
# aqui, com dados na GPU, AMP e 112×112, devem ser segundos por época numa T4 (estimativa: a tabela
# acima tem os tempos medidos na sua máquina). Em modo *smoke* os números não
# significam nada (pesos aleatórios, poucas dezenas de imagens, uma época).
# %% [markdown]
# ## Features profundas + um classificador clássico
#
# Outra forma de transfer learning não treina a rede nenhuma vez: ela vira um **extrator de
# features**. Cada imagem passa pelo corpo pré-treinado até o pooling global, e o vetor de 512
# números vai para um classificador clássico do scikit-learn, aqui uma regressão logística (um SVM
# linear também serviria). É o "só a cabeça" resolvido por um otimizador convexo, sem GPU no treino,
# e as features podem ser calculadas uma vez e reaproveitadas.

# %%
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

if RUN_STUDY:
    extractor = pretrained_model()
    feature_batches = TensorBatches(x_train[:N_FEATURES], y_train[:N_FEATURES], 4 * BATCH_SIZE, transform=to_input)
    row = {}
    with timed(row, "seconds"):
        f_train, l_train = extract_features(extractor, feature_batches)
        classifier = make_pipeline(StandardScaler(), LogisticRegression(max_iter=300))
        classifier.fit(f_train, l_train)
    f_test, l_test = extract_features(extractor, test_batches)
    row.update(scores(l_test, classifier.predict(f_test)), trainable=classifier[-1].coef_.size + classifier[-1].intercept_.size)
    print(f"features {f_train.shape} -> regressão logística: acurácia {row['acc']:.4f} | F1 macro {row['f1_macro']:.4f} "
          f"| {row['seconds']:.1f} s (extração + ajuste)")
    show_results({"features + log. reg.": row, "só a cabeça": results["só a cabeça"],
                  "tudo (duas fases)": results["tudo (duas fases)"]})

# %% [markdown]
# **Comparando.** A regressão logística sobre as features congeladas fica na mesma faixa do "só a
# cabeça" (é essencialmente o mesmo modelo: uma camada linear sobre as mesmas 512 features; a
# diferença vem do otimizador, do número de exemplos usados e da BatchNorm, que no "só a cabeça"
# adaptou as médias móveis ao MNIST). Ambas ficam abaixo da rede ajustada por inteiro: quando o
# domínio novo é diferente do ImageNet (dígitos cinza, traço fino, fundo preto), vale a pena adaptar
# as features, e não só o classificador. A vantagem da abordagem clássica é o custo: depois de extrair
# as features, testar outro classificador leva segundos, sem GPU.

# %% [markdown]
# ### O que as features mostram, e onde cada classificador erra
#
# As 512 features de cada imagem de teste, projetadas em 2 dimensões com PCA (as duas direções de
# maior variância, `sklearn.decomposition.PCA`): se os dígitos formam grupos separados já nessa
# projeção, um classificador linear tem vida fácil. Ao lado, as **matrizes de confusão** (linhas: o
# dígito real; colunas: o previsto; normalizadas por linha) da regressão logística e da rede ajustada
# por inteiro: a diagonal são os acertos, e fora dela aparecem as trocas típicas (4 e 9, 3 e 5, 7 e
# 1). No modo *smoke*, pesos aleatórios e poucas imagens: as figuras só provam que o código roda.

# %%
from sklearn.decomposition import PCA

from course_utils.plots import plot_confusion_matrix
from course_utils.transfer import predict

if RUN_STUDY:
    projected = PCA(n_components=2).fit_transform(f_test)
    fig, ax = plt.subplots(figsize=(5.5, 4.5))
    points = ax.scatter(projected[:, 0], projected[:, 1], c=l_test, cmap="tab10", s=6, alpha=0.7)
    ax.legend(*points.legend_elements(), title="dígito", fontsize=7, loc="best", markerscale=0.8)
    ax.set_xlabel("1ª componente principal")
    ax.set_ylabel("2ª componente principal")
    ax.set_title("Features do corpo pré-treinado (teste), PCA")
    fig.tight_layout()
    plot_confusion_matrix(l_test, classifier.predict(f_test), MNIST_CLASSES, normalize="true",
                          title="features + regressão logística")
    full_preds, full_targets = predict(models["tudo (duas fases)"], test_batches)
    plot_confusion_matrix(full_targets, full_preds, MNIST_CLASSES, normalize="true", title="tudo (duas fases)")

# %% [markdown]
# ## A sua ResNet-18 em gatos x cachorros: do zero ou pré-treinada?
#
# O lab original termina assim: a rede escrita à mão vai para os dados de verdade. Aqui, os dados
# do Lab 01 (Oxford-IIIT Pet, gato ou cachorro pelo nome do arquivo, a mesma divisão 80/20 com
# semente 42) e duas redes com a mesma arquitetura:
#
# * a **sua** ResNet-18 do Lab 02, com pesos aleatórios, treinada **do zero**;
# * a `resnet18` do torchvision com os pesos do ImageNet, com a cabeça nova da sua `new_head` e
#   ajustada com o seu `fine_tune` (uma época de cabeça, duas de tudo).
#
# Para usar a sua, cole abaixo o `forward` do seu `BasicBlock` e o seu `make_stage` do Lab 02 (o
# resto é o do Lab 02). Enquanto não colar, a célula usa a `resnet18` do torchvision, que o Lab 02
# provou ser a mesma rede. Se colar, ela confere primeiro que a sua dá os mesmos logits que a do
# torchvision com os mesmos pesos.
#
# Os dados seguem a receita do estudo: cada foto é decodificada **uma vez**, em `PETS_SIZE`, com os
# `ItemsDataset` e `PetItem` do Lab 01 e workers do `DataLoader`, e fica na GPU como `uint8`
# (7.390 × 3 × 128 × 128 bytes ≈ 360 MB); o treino usa o `train_epoch` do curso, com espelhamento
# horizontal sorteado como aumento de dados. Tempo numa T4 (**estimativa, não medida**): cerca de 1
# minuto para decodificar, 2 a 3 para as 10 épocas do zero e 1 para o ajuste. Em modo *smoke*,
# imagens 32×32 e poucos passos; sem GPU, o treino é cortado em poucos batches por época.

# %%
from torch.utils.data import DataLoader

from course_utils.data import ItemsDataset, PetItem, get_image_files, pet_label, pets_images


class Lab02Block(nn.Module):
    """O BasicBlock do Lab 02 (o mesmo __init__); o forward é o seu."""

    def __init__(self, in_channels, out_channels, stride=1, downsample=None):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, kernel_size=3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, kernel_size=3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.downsample = downsample

    def forward(self, x):
        # Cole aqui o corpo do forward do seu BasicBlock do Lab 02 (Questão 2).
        raise NotImplementedError("cole o forward do seu BasicBlock do Lab 02")


def lab02_make_stage(block, in_channels, out_channels, num_blocks, stride):
    # Cole aqui o corpo do seu make_stage do Lab 02 (Questão 3).
    raise NotImplementedError("cole o seu make_stage do Lab 02")


class Lab02ResNet18(nn.Module):
    """A ResNet18 do Lab 02, com os seus blocos e estágios."""

    def __init__(self, num_classes=1000):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = lab02_make_stage(Lab02Block, 64, 64, 2, stride=1)
        self.layer2 = lab02_make_stage(Lab02Block, 64, 128, 2, stride=2)
        self.layer3 = lab02_make_stage(Lab02Block, 128, 256, 2, stride=2)
        self.layer4 = lab02_make_stage(Lab02Block, 256, 512, 2, stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(512, num_classes)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def own_resnet18(num_classes):
    """A sua ResNet-18 do Lab 02 (conferida contra a do torchvision), ou a do torchvision se não colou."""
    try:
        ours, theirs = Lab02ResNet18(num_classes), resnet18(num_classes=num_classes)
        ours.load_state_dict(theirs.state_dict())  # strict: os mesmos nomes
        x = torch.randn(2, 3, 64, 64)
        with torch.no_grad():
            check_close(ours.eval()(x), theirs.eval()(x), "logits da sua ResNet-18 x a do torchvision", atol=1e-5)
        print("usando a sua ResNet-18 do Lab 02 (mesmos logits que a do torchvision)")
        return Lab02ResNet18(num_classes)
    except NotImplementedError:
        print("o código do Lab 02 ainda não foi colado: usando a resnet18 do torchvision (a mesma rede)")
        return resnet18(num_classes=num_classes)


PETS_SIZE = 32 if SMOKE else 128
PETS_BATCH = 16 if SMOKE else 128
PETS_SCRATCH_EPOCHS = 1 if SMOKE else 10
PETS_MAX_BATCHES = 2 if SMOKE else (8 if device.type == "cpu" else None)  # sem GPU: poucos batches por época

pets_runs = {}
if RUN_STUDY:
    pets_files = get_image_files(pets_images())
    order = torch.randperm(len(pets_files), generator=torch.Generator().manual_seed(42)).tolist()
    n_valid = int(0.2 * len(pets_files))  # a divisão do random_splitter do Lab 01
    pets_classes = ["cat", "dog"]
    label_index = {name: torch.tensor(i) for i, name in enumerate(pets_classes)}
    start = {}
    with timed(start):
        decode = DataLoader(ItemsDataset(pets_files, PetItem(PETS_SIZE, label_index)), batch_size=256,
                            num_workers=0 if SMOKE else min(4, torch.multiprocessing.cpu_count()))
        pets_x, pets_y = (torch.cat(t).to(device) for t in zip(*decode))
    print(f"{len(pets_x)} fotos decodificadas em {start['seconds']:.0f} s: {tuple(pets_x.shape)} {pets_x.dtype}")
    pets_mean = torch.tensor(IMAGENET_MEAN, device=device).view(1, 3, 1, 1)
    pets_std = torch.tensor(IMAGENET_STD, device=device).view(1, 3, 1, 1)

    def pets_input(x):
        return ((x.float() / 255 - pets_mean) / pets_std).contiguous(memory_format=MEMORY_FORMAT)

    def pets_train_input(x):  # espelha metade das fotos, sorteadas a cada batch
        flip = torch.rand(len(x), 1, 1, 1, device=x.device) < 0.5
        return pets_input(torch.where(flip, x.flip(3), x))

    train_idx, valid_idx = torch.tensor(order[n_valid:]), torch.tensor(order[:n_valid])
    pets_train = TensorBatches(pets_x[train_idx], pets_y[train_idx], PETS_BATCH, shuffle=True,
                               transform=pets_train_input, max_batches=PETS_MAX_BATCHES)
    pets_valid = TensorBatches(pets_x[valid_idx], pets_y[valid_idx], 2 * PETS_BATCH, transform=pets_input,
                               max_batches=PETS_MAX_BATCHES)

    torch.manual_seed(0)
    scratch = own_resnet18(2).to(device, memory_format=MEMORY_FORMAT)
    row = {}
    with timed(row):
        optimizer = torch.optim.AdamW(scratch.parameters(), lr=2e-3, weight_decay=0.05)
        scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, 2e-3, total_steps=PETS_SCRATCH_EPOCHS * len(pets_train))
        history = [train_epoch(scratch, pets_train, optimizer, scheduler) for _ in range(PETS_SCRATCH_EPOCHS)]
    pets_runs["sua ResNet-18, do zero"] = {**row, **evaluate(scratch, pets_valid), "model": scratch,
                                           "losses": [loss for epoch in history for loss in epoch]}

    torch.manual_seed(0)
    tuned = new_head(resnet18(), weights, 2).to(device, memory_format=MEMORY_FORMAT)
    row = {}
    with timed(row):
        history = fine_tune(tuned, pets_train, head_epochs=1, epochs=2, head_lr=3e-3, lr=5e-4, train_epoch=train_epoch)
    pets_runs["ImageNet + fine_tune"] = {**row, **evaluate(tuned, pets_valid), "model": tuned,
                                         "losses": [loss for epoch in history for loss in epoch]}
    for name, r in pets_runs.items():
        print(f"{name:>24}: acurácia {r['acc']:.4f} | F1 macro {r['f1_macro']:.4f} | {r['seconds']:.0f} s de treino")

    fig, ax = plt.subplots(figsize=(8, 3.5))
    for name, r in pets_runs.items():
        ax.plot(smooth(r["losses"], max(1, len(r["losses"]) // 20)), label=name)
    ax.set_xlabel("passo")
    ax.set_ylabel("perda de treino (média móvel)")
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    for name, r in pets_runs.items():
        preds, targets = predict(r["model"], pets_valid)
        plot_confusion_matrix(targets, preds, pets_classes, title=name)

# %% [markdown]
# **O que esperar.** O ajuste da pré-treinada deve passar com folga de 90% de acurácia na validação
# em poucas épocas: como o lab original avisa, é um treino "roubado", porque o ImageNet tem dezenas de
# raças de gatos e cachorros. A sua rede do zero, com 5.900 fotos e 10 épocas, deve ficar bem abaixo,
# mais perto de 70% a 80%, e as matrizes de confusão mostram para que lado ela erra (com 2/3 de cães,
# sobretudo gatos). São expectativas, não medições: compare com os seus números. Nenhuma escolha foi
# feita olhando para essa validação, por isso ela serve de relatório aqui. Em modo *smoke* (e na CPU,
# com poucos batches) os números não significam nada.
#
# # Para ir além (sem nota)
#
# O que segue não vale pontos nem cabe no horário do lab: rode quando quiser, com GPU (cerca de
# 1 hora e 15 minutos numa T4, **estimativa**). São três partes: a fastai do jeito de sempre, em
# fotos lidas do disco; o seu `fine_tune` medido ao lado do da fastai, no MNIST; e o efeito do
# L2-SP com poucos dados, com o $\alpha$ escolhido numa validação.
#
# ### A fastai do jeito de sempre: `DataBlock`, `lr_find`, `fine_tune`
#
# São as três linhas do começo do Lab 01, sobre os arquivos do Pets: um `DataBlock` que lê as fotos
# do disco (`get_image_files`), rotula pelo nome (`pet_label`), separa 20% para validação e
# redimensiona cada foto; um `vision_learner` com `metrics=accuracy`; o `lr_find`, que treina alguns
# passos com a taxa subindo exponencialmente e desenha a perda contra a taxa (a sugestão `valley` fica
# na descida, antes do fundo do vale); e o `fine_tune`. O `vocab` é a lista das classes na ordem dos
# índices. Depois, a `ClassificationInterpretation`: matriz de confusão, os pares mais trocados e as
# fotos de maior perda. Lembre do Lab 01: `RandomSplitter(seed=42)` reinicia o gerador global do torch.
# Em modo *smoke*, pesos aleatórios e um `lr_find` de poucos passos.

# %%
if RUN_STUDY:
    from fastai.vision.all import (CategoryBlock, ClassificationInterpretation, DataBlock, ImageBlock, RandomSplitter,
                                   Resize, accuracy, aug_transforms)
    from fastai.vision.all import get_image_files as fastai_image_files
    from fastai.vision.all import vision_learner as fastai_vision_learner

    FASTAI_SIZE = 32 if SMOKE else 192
    pets_block = DataBlock(blocks=(ImageBlock, CategoryBlock), get_items=fastai_image_files,
                           splitter=RandomSplitter(valid_pct=0.2, seed=42), get_y=pet_label,
                           item_tfms=Resize(FASTAI_SIZE), batch_tfms=aug_transforms())
    pets_dls = pets_block.dataloaders(pets_images(), bs=16 if SMOKE else 64,
                                      **({"num_workers": 0} if SMOKE else {}))
    print("vocab:", list(pets_dls.vocab))
    pets_learn = fastai_vision_learner(pets_dls, resnet18, metrics=accuracy, pretrained=not SMOKE)
    suggestion = pets_learn.lr_find(num_it=6 if SMOKE else 100)
    print(f"lr_find sugere {suggestion.valley:.1e}")
    pets_learn.fine_tune(1, base_lr=suggestion.valley)
    pets_interp = ClassificationInterpretation.from_learner(pets_learn)
    print("os pares mais trocados (real, previsto, quantas):", pets_interp.most_confused())
    pets_interp.plot_confusion_matrix(figsize=(3.5, 3.5))
    pets_interp.plot_top_losses(6, nrows=2, figsize=(9, 5))

# %% [markdown]
# ### O seu `fine_tune` e o da fastai, medidos lado a lado
#
# A fastai (`vision_learner(...).fine_tune(...)`) faz o mesmo em duas linhas. Vamos rodá-la nos
# **mesmos batches** (a validação dela é a nossa, tirada do treino; o teste fica para o relatório) (já normalizados com as estatísticas do ImageNet, por isso `normalize=False`),
# com a mesma ResNet-18 e o mesmo número de épocas da estratégia "tudo (duas fases)", e medir o que
# ela faz: a taxa de cada grupo de parâmetros a cada passo, quantos parâmetros treinam em cada fase,
# a cabeça que ela monta. O código dela é curto e vale a leitura: `fine_tune` está em
# `fastai/callback/schedule.py` e `create_head` em `fastai/vision/learner.py`. Em modo *smoke*
# (`pretrained=False`, poucos passos) os números de acurácia não significam nada, mas as taxas, os
# grupos e a contagem de parâmetros são os mesmos do modo completo.

# %%
fastai_run = {}
if RUN_STUDY:
    from fastai.callback.core import Callback
    from fastai.callback.fp16 import MixedPrecision  # noqa: F401 (acrescenta to_fp16 ao Learner)
    from fastai.callback.schedule import fit_one_cycle  # noqa: F401 (acrescenta fit_one_cycle e fine_tune ao Learner)
    from fastai.data.core import DataLoaders
    from fastai.vision.learner import vision_learner

    class StepLog(Callback):
        """Anota, a cada passo de treino, a fase, a taxa de cada grupo e quantos parâmetros treinam."""
        order = 60

        def __init__(self):
            self.rows, self.phase = [], -1

        def before_fit(self):
            self.phase += 1

        def after_batch(self):
            if self.training:
                self.rows.append({"phase": self.phase, "lrs": [float(h["lr"]) for h in self.opt.hypers],
                                  "mom": float(self.opt.hypers[-1]["mom"]), "loss": self.loss.detach().item(),
                                  "trainable": count_parameters(self.model, trainable_only=True)})

    torch.manual_seed(0)
    step_log = StepLog()
    learn = vision_learner(DataLoaders(train_batches, valid_batches), resnet18, pretrained=not SMOKE, normalize=False,
                           n_out=10, loss_func=nn.CrossEntropyLoss(), cbs=step_log)
    learn.model.to(device, memory_format=MEMORY_FORMAT)
    if device.type == "cuda":
        learn.to_fp16()  # precisão mista, como o train_epoch do curso
    row = {}
    with timed(row, "seconds"), learn.no_bar(), learn.no_logging():
        learn.fine_tune(max(1, EPOCHS - 1), base_lr=2e-3, freeze_epochs=1)  # base_lr=2e-3 é o padrão
    row["trainable"] = count_parameters(learn.model, trainable_only=True)
    row.update(evaluate(learn.model, test_batches))
    fastai_run = {"learn": learn, "log": step_log.rows, "row": row}
    print(f"fastai fine_tune: acurácia {row['acc']:.4f} | F1 macro {row['f1_macro']:.4f} | {row['seconds']:.1f} s")
    print("a cabeça da fastai (create_head):")
    print(learn.model[1])

# %% [markdown]
# Os números, fase por fase:

# %%
def describe_fastai(log, learn):
    head = learn.model[1]
    head_params, body_params = count_parameters(head), count_parameters(learn.model[0])
    bn_params = sum(p.numel() for m in learn.model[0].modules() if isinstance(m, nn.BatchNorm2d)
                    for p in m.parameters())
    for phase, label in [(0, "fase 1 (congelada)"), (1, "fase 2 (tudo)")]:
        rows = [r for r in log if r["phase"] == phase]
        lrs = np.array([r["lrs"] for r in rows])
        peak = int(lrs[:, -1].argmax())
        print(f"{label}: {len(rows)} passos | grupos de parâmetros: {lrs.shape[1]} | "
              f"taxa máxima por grupo: {', '.join(f'{v:.1e}' for v in lrs.max(0))} | "
              f"pico no passo {peak + 1} de {len(rows)} | treináveis: {rows[0]['trainable']:,}")
    print(f"cabeça: {head_params:,} parâmetros | corpo: {body_params:,}, dos quais {bn_params:,} são de BatchNorm")
    ours = two_phase_log
    if ours["lrs"]:
        print(f"o seu fine_tune: treináveis por época {ours['trainable']} | taxa máxima {max(ours['lrs']):.1e}")


def plot_schedules(log, ours):
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 3.6))
    lrs = np.array([r["lrs"] for r in log])
    for g, label in enumerate(["corpo, 1ª parte (conv1 … layer2)", "corpo, 2ª parte (layer3, layer4)", "cabeça"]):
        ax1.plot(lrs[:, g], label=f"fastai: {label}")
    if ours:
        ax1.plot(ours, "k--", label="o seu fine_tune (um grupo)")
    ax1.set_yscale("log")
    ax1.set_xlabel("passo")
    ax1.set_ylabel("taxa de aprendizado")
    ax1.legend(fontsize=8)
    ax1.grid(alpha=0.3)
    ax2.plot([r["mom"] for r in log], label="fastai: β₁ do Adam (momento)")
    ax2.set_xlabel("passo")
    ax2.legend(fontsize=8)
    ax2.grid(alpha=0.3)
    fig.tight_layout()


if fastai_run:
    describe_fastai(fastai_run["log"], fastai_run["learn"])
    plot_schedules(fastai_run["log"], two_phase_log["lrs"])
    results["fastai fine_tune"] = fastai_run["row"]
    histories["fastai fine_tune"] = [r["loss"] for r in fastai_run["log"]]
    show_results({k: results[k] for k in ["tudo (duas fases)", "fastai fine_tune"]})
    plot_histories(histories, "Curvas de treino, com a fastai")

# %% [markdown]
# **O que a fastai faz de diferente** (leia ao lado dos números impressos acima):
#
# 1. **A agenda da fase 1 quase só sobe.** A fase congelada roda `fit_one_cycle(freeze_epochs,
#    slice(base_lr), pct_start=0.99)`: a taxa sobe durante 99% dos passos e só cai no fim (o pico
#    impresso sai perto do último passo; em modo *smoke*, com 2 passos, no último). O seu
#    `fine_tune` usa a `OneCycleLR` padrão, com `pct_start=0.3`: sobe 30% do tempo e passa 70%
#    descendo. E `slice(base_lr)` (só o fim da fatia) dá `base_lr` à cabeça e `base_lr / 10` aos
#    grupos do corpo, que na fase 1 só treinam as BatchNorms (item 4).
# 2. **Taxas discriminativas.** O modelo da fastai é dividido em **três grupos** de parâmetros
#    (`_resnet_split`: `conv1` … `layer2`, `layer3` e `layer4`, e a cabeça). Na fase 2 a taxa é
#    `slice(base_lr / lr_mult, base_lr)` com `lr_mult=100`: o primeiro grupo recebe 100 vezes menos
#    que a cabeça, o do meio a média geométrica (10 vezes menos). As camadas iniciais, as mais
#    genéricas, quase não mudam; o seu `fine_tune` usa a mesma taxa para tudo.
# 3. **A taxa base cai pela metade na fase 2** (`base_lr /= 2`), e o ciclo da fase 2 começa em
#    1/5 do pico de cada grupo (`div=5`, em vez dos 25 do padrão, que a fase 1 e a `OneCycleLR`
#    usam): com a cabeça já treinada, dá para começar mais alto. No fim de cada ciclo a taxa da
#    fastai vai a pico / 10⁵ (`div_final`); a da `OneCycleLR`, a pico / (25 × 10⁴).
# 4. **`train_bn=True`: a BatchNorm treina mesmo congelada.** Na fase 1, os treináveis são a cabeça
#    **mais** o $\gamma$ e o $\beta$ de todas as BatchNorms do corpo (compare a contagem da fase 1 com
#    o tamanho da cabeça): as estatísticas do MNIST são muito diferentes das do ImageNet, e ajustar
#    só a escala e o deslocamento de cada canal é barato e ajuda muito. O seu `fine_tune` congela
#    tudo menos a `fc`.
# 5. **Outra cabeça.** `create_head` troca `avgpool` + `fc` por: `AdaptiveConcatPool2d` (média **e**
#    máximo, 512 + 512 = 1024 features), `Flatten`, `BatchNorm1d(1024)`, `Dropout(0.25)`,
#    `Linear(1024, 512)`, `ReLU`, `BatchNorm1d(512)`, `Dropout(0.5)`, `Linear(512, 10)`: duas camadas
#    lineares, com BatchNorm e *dropout*, cerca de 100 vezes mais parâmetros que a nossa `fc` de 5.130.
# 6. **O otimizador.** O padrão é o `Adam` da própria fastai, com *weight decay* desacoplado como o
#    AdamW e o mesmo `wd=0.01`, mas **sem** *weight decay* nas BatchNorms e nos bias
#    (`wd_bn_bias=False`; o `AdamW` do seu `fine_tune` aplica a todos), e com `eps=1e-5` e
#    $\beta_2 = 0{,}99$ (no PyTorch, 1e-8 e 0,999). Já o **momento** é igual nos dois: o $\beta_1$
#    do Adam segue um ciclo inverso ao da taxa, 0,95 → 0,85 → 0,95 (na `OneCycleLR` é o
#    `cycle_momentum=True` padrão); o gráfico da direita mostra o da fastai.
#
# Nenhuma dessas escolhas é mágica: todas cabem na sua receita (grupos de parâmetros no
# `AdamW`, `pct_start` na `OneCycleLR`, BatchNorm liberada no congelamento). A comparação de
# acurácia só vale no modo completo, e mesmo assim com uma rodada só: diferenças de décimos de ponto
# podem ser ruído.

# %% [markdown]
# ### O efeito do L2-SP com poucos dados
#
# Vamos fazer o fine-tuning da rede toda com só `N_SMALL` imagens de treino (mil, no modo completo),
# com vários valores de $\alpha$, e medir duas coisas: a distância $\lVert w - w^0 \rVert$ do corpo
# ao ponto de partida ao fim de cada época e a acurácia na **validação** (tirada do treino). O
# $\alpha$ é escolhido pela validação; o teste mede só o escolhido, uma vez, no fim. O regularizador
# entra na perda pelo argumento `penalty` do `train_epoch`.
#
# O otimizador é **SGD com momento**, como em Li et al. Com Adam(W), o passo de cada peso é dividido
# pela raiz da média dos quadrados dos seus gradientes, e a mola $\alpha (w - w^0)$ faz parte desse
# gradiente: cada peso passaria a sentir uma mola de força diferente, e o $\alpha$ deixaria de ser o
# mesmo para todos. É o mesmo motivo pelo qual o *weight decay* do AdamW fica fora do Adam (Lab 06).

# %%
def backbone_start(model):
    return {name: p.detach().clone() for name, p in model.named_parameters() if not name.startswith("fc.")}


def distance_to(model, start):
    return float(l2_sp_penalty(model, start, 2.0).detach()) ** 0.5  # alpha = 2: a soma dos quadrados


l2sp_results = {}
if RUN_STUDY:
    small = TensorBatches(x_train[:N_SMALL], y_train[:N_SMALL], min(BATCH_SIZE, 64), shuffle=True, transform=to_input)
    for alpha in ALPHAS:
        torch.manual_seed(0)
        model = new_head(resnet18(), weights, 10).to(device, memory_format=MEMORY_FORMAT)
        start = backbone_start(model)
        optimizer = torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)  # sem weight decay: só a mola do L2-SP
        scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, 1e-2, total_steps=SMALL_EPOCHS * len(small))
        distances = []
        for _ in range(SMALL_EPOCHS):
            train_epoch(model, small, optimizer, scheduler, penalty=lambda: l2_sp_penalty(model, start, alpha))
            distances.append(distance_to(model, start))
        l2sp_results[alpha] = {"distance": distances, "valid_acc": evaluate(model, valid_batches)["acc"], "model": model}
        print(f"alpha={alpha:<5}: distância final {distances[-1]:7.3f} | "
              f"acurácia na validação {l2sp_results[alpha]['valid_acc']:.4f}")
    best_alpha = max(l2sp_results, key=lambda a: l2sp_results[a]["valid_acc"])
    final = evaluate(l2sp_results[best_alpha]["model"], test_batches)
    print(f"escolhido pela validação: alpha={best_alpha:g} | no teste (uma vez só): acurácia {final['acc']:.4f}, "
          f"F1 macro {final['f1_macro']:.4f}")

if l2sp_results:
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.5))
    for alpha, r in l2sp_results.items():
        ax1.plot(range(1, len(r["distance"]) + 1), r["distance"], marker="o", label=f"α = {alpha:g}")
    ax1.set_xlabel("época")
    ax1.set_ylabel("‖w − w⁰‖ do corpo")
    ax1.legend()
    ax1.grid(alpha=0.3)
    bars = ax2.bar([f"α = {a:g}" for a in l2sp_results], [r["valid_acc"] for r in l2sp_results.values()])
    ax2.bar_label(bars, fmt="%.3f")
    ax2.set_ylabel("acurácia na validação")
    fig.suptitle(f"Fine-tuning com {N_SMALL} imagens, com e sem L2-SP")
    fig.tight_layout()

# %% [markdown]
# **Como ler.** Sem regularização ($\alpha = 0$) o corpo se afasta do ponto de partida a cada época;
# com $\alpha$ maior, a mola o segura perto dos pesos pré-treinados, e com $\alpha$ grande demais a
# rede quase não se adapta. A acurácia costuma melhorar um pouco com um $\alpha$ intermediário quando
# os dados são poucos, e o efeito some com dados abundantes (a perda dos dados domina a penalidade).
# Repare que o SGD roda sem *weight decay*: ele puxaria os mesmos pesos para zero, o contrário do que
# queremos. E o teste só entra no fim, para o $\alpha$ já escolhido: escolher pelo teste faria a nota
# dele otimista.

# %% [markdown]
# ## Modelos de linguagem (ChatGPT e afins)
#
# **Pode:** usar um modelo de linguagem como usaria um livro ou um monitor: para entender um
# conceito, uma mensagem de erro ou a documentação de uma função (PyTorch, torchvision, fastai).
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
# * **Tempo gasto** (em horas, contando o treino; diga se fez a parte "Para ir além"):
# * **O que foi mais difícil, ou não ficou claro:**
# * **Erros, trechos confusos ou sugestões:**
