# %% [markdown]
# # Lab 05 — Um Vision Transformer do zero, e um treinador de linha de comando
#
# Em 2020, Dosovitskiy et al. mostraram que a arquitetura dos modelos de linguagem, o
# *Transformer*, classifica imagens tão bem quanto as CNNs, **se** houver dados de sobra: basta
# cortar a imagem em pedaços (*patches*), tratar cada pedaço como uma "palavra" e deixar a
# atenção descobrir quais pedaços importam para quais. Nada de convoluções empilhadas, nada de
# pooling.
#
# O ponto de partida deste lab é um experimento real, de um repositório público: um ViT de
# **37,9 milhões de parâmetros** treinado do zero no CIFAR-100 por 100 épocas (de 65 a 68 s por
# época numa GPU L4, segundo o log). Ele chegou a **54,84 %** de acurácia de validação, mas o log
# mostra que a loss de validação parou de cair na época 39 e dali em diante só subiu, enquanto a de
# treino continuava caindo: o modelo passou a decorar o treino. Vamos:
#
# 1. montar o ViT peça por peça: *patch embedding*, atenção, atenção com várias cabeças, bloco
#    do encoder e o modelo completo (questões 1 a 5), e conferir que ele é o mesmo modelo do `timm`;
# 2. contar os parâmetros com papel e lápis e descobrir de onde podem vir os 37,9 milhões
#    (questão 6);
# 3. usar `train_vit`, o treinador de linha de comando do `course_utils` (ele treina o
#    `VisionTransformer` do `timm` ou o **seu**), com duas receitas de treino, escolhendo o melhor
#    checkpoint na validação e medindo o teste uma vez só;
# 4. olhar dentro do modelo treinado, com o **seu** código: matriz de confusão, os piores erros, os
#    mapas de atenção e os embeddings de posição aprendidos.
#
# A parte **Para ir além**, no fim e sem nota, treina o **seu** ViT com o `train_vit` e traz as
# linhas de comando do modelo grande do README.
#
# **Como entregar.** Preencha as células marcadas com `# SEU CÓDIGO AQUI`, rode os testes logo
# abaixo de cada uma e, antes de enviar, reinicie o kernel e execute tudo em ordem. **Não apague
# nem copie células**: elas carregam metadados que a correção automática usa, e a correção roda
# testes extras, ocultos, além dos que você vê.
#
# **Pontuação (10 pontos):** patch embedding (2) · atenção (2) · várias cabeças (2) ·
# bloco pre-norm (1,5) · forward do ViT (1) · contagem de parâmetros (1,5).
#
# **Tempo esperado (cerca de 2h45, estimativa):** leitura e a imagem como sequência (10 min) ·
# Questão 1, o *patch embedding* (25 min) · Questão 2, a atenção (15 min) · Questão 3, as várias
# cabeças (25 min) · Questões 4 e 5, o bloco e o ViT (20 min) · o mesmo modelo do `timm` e a Questão
# 6, a contagem (25 min) · o treino original e o `train_vit` com as duas receitas (25 min, uns
# 5 minutos de GPU numa T4, estimativa, que rodam enquanto você lê) · diagnósticos do modelo treinado
# (15 min) · uso de modelos de linguagem e feedback (5 min). **Para ir além** (sem nota, fora do
# horário): o seu ViT no treinador, uns 5 a 10 minutos de GPU numa T4 (estimativa), e o modelo
# grande do README, cerca de 2 horas numa L4.

# %%
import json
import math
import time
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

import course_utils
from course_utils import train_vit
from course_utils.vit import build_vit
from course_utils.checks import check_close, check_device, check_equal, check_shape
from course_utils.cifar import CIFAR10_CLASSES, cifar_dataset

course_utils.quiet_notebook()
course_utils.set_seed(0)
device = course_utils.get_device()
print("device:", device, "| modo smoke:", course_utils.is_smoke(), "| correção:", course_utils.is_grading())

# %% [markdown]
# ## Uma imagem vira uma sequência
#
# Uma imagem do CIFAR tem 32×32 pixels. Com patches de 4×4 ela vira uma grade de 8×8 = **64
# patches**, cada um com 4·4·3 = 48 números. Lidos em ordem de leitura (linha por linha, da
# esquerda para a direita), esses patches formam uma **sequência de 64 "palavras"**: exatamente o
# que um Transformer consome.

# %%
cifar_train = cifar_dataset("cifar10", train=True)
image, label = cifar_train[3]
pixels = np.asarray(image)  # (32, 32, 3) uint8
P = 4
grid = 32 // P

fig = plt.figure(figsize=(11, 3.2))
ax = fig.add_subplot(1, 3, 1)
ax.imshow(pixels)
for i in range(1, grid):
    ax.axhline(i * P - 0.5, color="white", lw=0.6)
    ax.axvline(i * P - 0.5, color="white", lw=0.6)
ax.set_title(f"{CIFAR10_CLASSES[label]}: grade de {grid}x{grid} patches")
ax.axis("off")
ax = fig.add_subplot(1, 3, (2, 3))
patches = [pixels[r * P:(r + 1) * P, c * P:(c + 1) * P] for r in range(grid) for c in range(grid)]
strip = np.concatenate([np.pad(p, ((0, 0), (0, 1), (0, 0)), constant_values=255) for p in patches[:24]], axis=1)
ax.imshow(strip)
ax.set_title("os 24 primeiros patches da sequência (ordem de leitura)")
ax.axis("off")
plt.show()

# %% [markdown]
# ## Questão 1 — *patch embedding* (2 pontos)
#
# Cada patch de 48 números vira um vetor de dimensão `dim` por uma camada linear (a mesma para
# todos os patches). Um truque eficiente: uma `nn.Conv2d` com `kernel_size = stride = patch` faz
# exatamente isso, pois cada janela da convolução cobre um patch, sem sobreposição. A saída da
# conv é uma grade `(B, dim, H/patch, W/patch)`, que precisa virar a sequência `(B, N, dim)`.
#
# Duas peças a mais, ambas **parâmetros aprendidos**:
#
# * o **token de classe** (`cls_token`): um vetor extra na posição 0 da sequência, igual para
#   todas as imagens. Ele não vem de patch nenhum; ao longo dos blocos ele "lê" os outros tokens
#   pela atenção, e no fim é só ele que vai para o classificador;
# * os **embeddings de posição** (`pos_embed`): a atenção é indiferente à ordem (permutar os
#   tokens só permuta a saída), então, sem eles, o modelo não saberia que patch está onde. Um
#   vetor por posição, somado ao token daquela posição.
#
# Complete o `forward`. Dicas: `flatten(2)`, `transpose`, `expand` (cópia "virtual" do token de
# classe para o batch todo) e `torch.cat`. Escreva a conversão você mesmo, sem o `PatchEmbed` do
# `timm` nem outra biblioteca de modelos:
# os testes ocultos bloqueiam o `timm` e o `torchvision.models` enquanto o seu `forward` roda.
# Eles usam outros tamanhos (imagem, patch, canais, `dim`, batch) e conferem os gradientes:
# `cls_token`, `pos_embed` e `proj` recebem gradiente (nada de `.detach()`).

# %% answer patch_embed

# %% [markdown]
# Primeiro, o formato: uma imagem 8×8 com patches de 4 tem 4 patches, mais o token de classe.

# %% test patch_embed 0.5
torch.manual_seed(0)
pe = PatchEmbedding(img_size=8, patch=4, in_chans=3, dim=6)
tokens = pe(torch.randn(2, 3, 8, 8))
check_shape(tokens, (2, 5, 6), "tokens", hint="1 token de classe + (8/4)·(8/4) = 4 patches, cada um com dim = 6.")

# %% [markdown]
# Agora os valores. O token 0 é o de classe mais a posição 0. O token 1 é o patch da linha 0,
# coluna 0 (um produto escalar dos pixels do patch com os pesos da conv, mais o bias), mais a
# posição 1; o token 2 é o patch da linha 0, coluna 1.

# %% test patch_embed 1
torch.manual_seed(1)
pe = PatchEmbedding(img_size=8, patch=4, in_chans=3, dim=6)
with torch.no_grad():
    pe.cls_token.normal_()
x = torch.randn(2, 3, 8, 8)
tokens = pe(x)


def project(patch):
    """What the conv does to one patch: (B, C, P, P) -> (B, dim)."""
    return torch.einsum("bchw,dchw->bd", patch, pe.proj.weight) + pe.proj.bias


check_close(tokens[:, 0], (pe.cls_token[0, 0] + pe.pos_embed[0, 0]).expand(2, 6), "tokens[:, 0] (classe)",
            atol=1e-5, hint="o token de classe vai na posição 0 e também recebe pos_embed[:, 0].")
check_close(tokens[:, 1], project(x[:, :, 0:4, 0:4]) + pe.pos_embed[0, 1], "tokens[:, 1] (linha 0, coluna 0)",
            atol=1e-5, hint="flatten(2) junta a grade; depois transpose(1, 2) põe dim por último.")
check_close(tokens[:, 2], project(x[:, :, 0:4, 4:8]) + pe.pos_embed[0, 2], "tokens[:, 2] (linha 0, coluna 1)",
            atol=1e-5, hint="os patches vão em ordem de leitura: linha por linha.")

# %% test patch_embed 0.5
# Testes ocultos: outros tamanhos de batch, um device diferente da CPU e os gradientes.

# %% [markdown]
# ## Questão 2 — atenção por produto escalar (2 pontos)
#
# Cada token produz três vetores: uma **consulta** `q` ("o que eu procuro"), uma **chave** `k`
# ("o que eu ofereço") e um **valor** `v` ("o que eu passo adiante"). A atenção de um token
# sobre os outros é a semelhança entre a sua consulta e as chaves deles:
#
# $$\mathrm{Atenção}(Q, K, V) = \mathrm{softmax}\!\left(\frac{Q K^\top}{\sqrt{d}}\right) V$$
#
# * `Q Kᵀ` tem uma linha por consulta e uma coluna por chave;
# * o `softmax` é feito **sobre as chaves** (a última dimensão): para cada consulta, os pesos
#   somam 1, e a saída é uma média ponderada dos valores;
# * **por que dividir por √d?** Se as coordenadas de `q` e `k` têm variância 1, o produto escalar
#   de dimensão `d` tem variância `d`. Com `d = 64`, os escores ficam na casa de ±8 a ±16, e o
#   softmax satura: um peso vira ~1, os outros ~0, e os gradientes somem. Dividir por √d traz os
#   escores de volta à variância 1. O gráfico abaixo mostra o efeito.
#
# Escreva `attention(q, k, v)` só com `@`, `transpose` e `torch.softmax` (ou `torch.einsum`). Ela
# deve funcionar para qualquer número de dimensões iniciais (batch, cabeças...). O teste compara
# com a versão do PyTorch, `F.scaled_dot_product_attention`, que faz a mesma conta com kernels
# fundidos. **Nada de `F.scaled_dot_product_attention` (nem das suas versões internas, em
# `torch.ops.aten`) nem de `nn.MultiheadAttention` na sua resposta**:
# os testes ocultos fazem as duas falharem enquanto a sua função roda.
# O softmax é o `torch.softmax`, estável mesmo com escores grandes (um `exp` à mão estoura).

# %%
torch.manual_seed(0)
dims = [4, 16, 64, 256, 1024]
for scaled in (False, True):
    top = []
    for d in dims:
        q, k = torch.randn(200, 16, d), torch.randn(200, 16, d)
        scores = q @ k.transpose(-2, -1) / (math.sqrt(d) if scaled else 1.0)
        top.append(float(torch.softmax(scores, dim=-1).max(dim=-1).values.mean()))
    plt.plot(dims, top, marker="o", label="com /√d" if scaled else "sem escala")
plt.axhline(1 / 16, color="gray", ls=":", label="uniforme (1/16)")
plt.xscale("log", base=2)
plt.xlabel("dimensão d de q e k")
plt.ylabel("maior peso do softmax (média)")
plt.title("Sem a escala, o softmax satura quando d cresce")
plt.legend()
plt.show()

# %% answer attention

# %% [markdown]
# Um caso que dá para fazer de cabeça: se todas as consultas e chaves são zero, todos os escores
# são iguais e cada saída é a **média** das linhas de `v`.

# %% test attention 0.5
v = torch.tensor([[1.0, 10.0], [2.0, 20.0], [6.0, 60.0]])
out = attention(torch.zeros(3, 4), torch.zeros(3, 4), v)
check_shape(out, (3, 2), "saída")
check_close(out, torch.tensor([[3.0, 30.0]] * 3), "saída com q = k = 0", atol=1e-6,
            hint="pesos iguais: cada linha da saída é a média das linhas de v.")

# %% [markdown]
# Agora contra o PyTorch, com batch e cabeças, e escores grandes o bastante para que a escala
# faça diferença.

# %% test attention 1
torch.manual_seed(0)
q, k, v = torch.randn(2, 3, 6, 8) * 2, torch.randn(2, 3, 6, 8) * 2, torch.randn(2, 3, 6, 8)
check_close(attention(q, k, v), F.scaled_dot_product_attention(q, k, v), "attention(q, k, v)", atol=1e-5,
            hint="softmax(q @ kᵀ / √d) @ v, com o softmax na última dimensão; d é a última dimensão de q.")

# %% test attention 0.5
# Testes ocultos: os pesos de cada consulta somam 1 e o dtype é preservado.

# %% [markdown]
# ## Questão 3 — várias cabeças (2 pontos)
#
# Uma só atenção mistura tudo em uma única média ponderada por token. Com **várias cabeças**,
# cada uma tem suas próprias projeções `q, k, v` (de largura `head_dim`) e pode prestar atenção a
# coisas diferentes (uma à cor, outra à vizinhança...). As saídas das cabeças são concatenadas e
# uma projeção linear (`proj`) as mistura de volta à dimensão `dim`.
#
# Na prática, as projeções de todas as cabeças, para `q`, `k` e `v`, são **uma só** `nn.Linear`
# (`self.qkv`), de `dim` para `3 · heads · head_dim`: uma multiplicação de matriz grande é muito
# mais eficiente na GPU que 3·heads pequenas. O seu trabalho é só **remanejar** esse tensor:
# `reshape` para separar (3, heads, head_dim) e `permute` para deixar as cabeças como uma
# dimensão de batch, `(B, heads, N, head_dim)`, que é o que `self.attn_fn` espera.
#
# Normalmente `head_dim = dim / heads`, e a largura total da atenção é `dim`. Mas nada obriga:
# `head_dim` é um parâmetro à parte, e o modelo de 37,9 M usa cabeças **mais largas** (veja a
# questão 6).
#
# `self.attn_fn` é a sua `attention` da questão 2; os testes passam outra, para que esta
# questão não dependa da anterior. Chame `self.attn_fn`, uma vez, com todas as cabeças: nada de
# `F.scaled_dot_product_attention`, `nn.MultiheadAttention` ou da `Attention` do `timm` aqui
# (os testes ocultos os bloqueiam, e também o `timm` e o `torchvision.models` inteiros).
# Os testes usam outras larguras (`dim`, `heads`, `head_dim`) e conferem os gradientes de `qkv` e
# `proj` (nada de `.detach()`).

# %% answer mhsa

# %% test mhsa 0.5
torch.manual_seed(0)
mhsa = MultiHeadSelfAttention(dim=32, heads=4, attn_fn=F.scaled_dot_product_attention)
check_shape(mhsa(torch.randn(2, 5, 32)), (2, 5, 32), "saída (dim 32, 4 cabeças)")

# %% [markdown]
# Cada cabeça precisa receber `q`, `k` e `v` de forma `(B, heads, N, head_dim)`. O teste espiona
# o que chega em `attn_fn`:

# %% test mhsa 0.5
calls = []


def spy(q, k, v):
    calls.append((tuple(q.shape), tuple(k.shape), tuple(v.shape)))
    return F.scaled_dot_product_attention(q, k, v)


mhsa = MultiHeadSelfAttention(dim=32, heads=4, attn_fn=spy)
mhsa(torch.randn(2, 5, 32))
check_equal(len(calls), 1, "chamadas de attn_fn", hint="todas as cabeças em uma chamada só.")
check_equal(calls[0], ((2, 4, 5, 8),) * 3, "formas de (q, k, v)", hint="(B, heads, N, head_dim).")

# %% [markdown]
# Os valores, contra a `nn.MultiheadAttention` do PyTorch com os mesmos pesos (ela guarda as
# projeções de q, k e v empilhadas em `in_proj_weight`, na mesma ordem que o nosso `qkv`):

# %% test mhsa 1
torch.manual_seed(1)
mhsa = MultiHeadSelfAttention(dim=32, heads=4, attn_fn=F.scaled_dot_product_attention)
torch_mha = nn.MultiheadAttention(32, 4, batch_first=True)
with torch.no_grad():
    torch_mha.in_proj_weight.copy_(mhsa.qkv.weight)
    torch_mha.in_proj_bias.copy_(mhsa.qkv.bias)
    torch_mha.out_proj.weight.copy_(mhsa.proj.weight)
    torch_mha.out_proj.bias.copy_(mhsa.proj.bias)
x = torch.randn(2, 5, 32)
expected, _ = torch_mha(x, x, x, need_weights=False)
check_close(mhsa(x), expected, "saída", atol=1e-5,
            hint="junte as cabeças com transpose(1, 2) antes do reshape, e não esqueça self.proj.")

# %% [markdown]
# ## Questão 4 — o bloco do encoder, com pre-norm (1,5 ponto)
#
# Um bloco tem dois ramos, cada um somado à entrada (**conexão residual**, como na ResNet):
# a atenção, que mistura informação **entre** tokens, e um MLP, que processa **cada** token
# sozinho. Onde fica a `LayerNorm`?
#
# * **post-norm** (Transformer original, 2017): `x = norm(x + ramo(x))`. A normalização fica no
#   caminho residual, e em redes profundas os gradientes dos primeiros blocos encolhem: exige
#   warm-up longo e cuidado com a taxa de aprendizado;
# * **pre-norm** (ViT, GPT-2 e quase todos os modelos atuais): `x = x + ramo(norm(x))`. O caminho
#   residual é uma soma limpa da entrada até a saída, por onde o gradiente passa intacto; o
#   treino é bem mais estável.
#
# Implemente o `forward` **pre-norm**: primeiro o ramo da atenção (`norm1`, `attn`), depois o do
# MLP (`norm2`, `mlp`). Escreva as duas linhas você mesmo: emprestar o `forward` do `Block` do
# `timm` (ou de outra biblioteca) não vale:
# os testes ocultos bloqueiam o `timm` e o `torchvision.models` enquanto o seu `forward` roda.
# O bloco não muda o dtype da entrada (em float64, a saída é float64), não altera a entrada no
# lugar, e os gradientes chegam à entrada e a todos os parâmetros dos dois ramos.

# %% answer block

# %% [markdown]
# Os testes usam classes de atenção próprias (`attention_cls`), para não depender da sua
# questão 3. Primeiro, com uma "atenção" que devolve zeros e o MLP zerado, os dois ramos não
# contribuem e o bloco precisa devolver a entrada **intacta**: é isso que o caminho residual
# limpo do pre-norm garante (com post-norm, a saída sairia normalizada).

# %% test block 0.5
class NoAttention(nn.Module):
    """Stand-in attention whose branch adds nothing."""

    def __init__(self, dim, heads, head_dim=None):
        super().__init__()

    def forward(self, x):
        return torch.zeros_like(x)


block = TransformerBlock(dim=8, heads=2, attention_cls=NoAttention)
with torch.no_grad():
    block.mlp[-1].weight.zero_()
    block.mlp[-1].bias.zero_()
x = 5 * torch.randn(2, 3, 8) + 1
check_close(block(x), x, "saída com ramos nulos", atol=1e-6,
            hint="pre-norm: x = x + ramo(norm(x)); a LayerNorm fica dentro do ramo, não depois da soma.")

# %% [markdown]
# Agora contra o bloco do `timm` (`timm.models.vision_transformer.Block`, a mesma arquitetura;
# o MLP dele chama as camadas de `fc1` e `fc2`) com os mesmos pesos, usando a atenção do `timm`:

# %% test block 1
import timm
from timm.models.vision_transformer import Block as TimmBlock


class TimmAttention(timm.layers.Attention):
    """timm's attention with the constructor TransformerBlock expects: (dim, heads, head_dim)."""

    def __init__(self, dim, heads, head_dim=None):
        super().__init__(dim, heads, attn_head_dim=head_dim, qkv_bias=True)


def to_timm(state):
    """Our parameter names -> timm's (mlp.0 -> mlp.fc1, mlp.2 -> mlp.fc2)."""
    return {k.replace("mlp.0.", "mlp.fc1.").replace("mlp.2.", "mlp.fc2."): v for k, v in state.items()}


torch.manual_seed(0)
block = TransformerBlock(dim=16, heads=4, attention_cls=TimmAttention)
for norm in (block.norm1, block.norm2):  # LayerNorms diferentes entre si, para distinguir uma da outra
    with torch.no_grad():
        norm.weight.uniform_(0.5, 2.0)
        norm.bias.normal_()
ref = TimmBlock(16, 4, qkv_bias=True).eval()
ref.load_state_dict(to_timm(block.state_dict()))
x = torch.randn(2, 5, 16)
check_close(block(x), ref(x), "saída do bloco", atol=1e-5,
            hint="primeiro x = x + attn(norm1(x)); depois, com esse novo x, x = x + mlp(norm2(x)).")

# %% [markdown]
# ## Questão 5 — o ViT completo (1 ponto)
#
# Tudo junto: imagens → tokens (`patch_embed`) → `depth` blocos → `LayerNorm` final → o
# classificador (`head`) aplicado **só ao token de classe**. Os outros tokens são descartados no
# fim: ao longo dos blocos, o token de classe já recolheu deles, pela atenção, o que interessa.
#
# Escreva o `forward` você mesmo, para qualquer `depth` e qualquer batch (também 1):
# os testes ocultos bloqueiam o `timm` e o `torchvision.models` enquanto o seu `forward` roda.
# Eles trocam as peças do modelo por outras e conferem os logits e os gradientes de todas elas:
# é o `forward` do treino (nada de `torch.no_grad()` nem `.detach()`).

# %% answer vit_forward

# %% [markdown]
# Para testar só o seu `forward`, o teste troca as peças do seu modelo pelas do
# `VisionTransformer` do `timm` (a mesma arquitetura) e compara as saídas com as dele.

# %% test vit_forward 0.5
class TimmTokens(nn.Module):
    """timm's patch embedding, class token and positions, as one module (our patch_embed)."""

    def __init__(self, vit):
        super().__init__()
        self.vit = vit

    def forward(self, images):
        return self.vit._pos_embed(self.vit.patch_embed(images))


def with_timm_parts(model, timm_model):
    """Our model's parts replaced by timm's (same architecture, same weights)."""
    model.patch_embed, model.blocks = TimmTokens(timm_model), nn.ModuleList(timm_model.blocks)
    model.norm, model.head = timm_model.norm, timm_model.head
    return model.eval()


torch.manual_seed(0)
timm_model = build_vit(img_size=16, patch=4, num_classes=7, dim=32, depth=2, heads=4).eval()
model = with_timm_parts(VisionTransformer(img_size=16, patch=4, num_classes=7, dim=32, depth=2, heads=4), timm_model)
x = torch.randn(3, 3, 16, 16)
logits = model(x)
check_shape(logits, (3, 7), "logits", hint="o classificador recebe só o token de classe, x[:, 0].")

# %% test vit_forward 0.5
with torch.no_grad():
    for norm in [m for m in timm_model.modules() if isinstance(m, nn.LayerNorm)]:
        norm.bias.normal_()
    timm_model.cls_token.normal_()
check_close(model(x), timm_model(x), "logits", atol=1e-5,
            hint="todos os blocos em ordem, a LayerNorm final, e só então o head no token 0.")

# %% [markdown]
# ### O seu ViT e o do `timm` são o mesmo modelo
#
# O `train_vit` treina, por padrão, o `VisionTransformer` do `timm` (a biblioteca de modelos de
# visão mais usada com PyTorch), montado por `course_utils.vit.build_vit`. A arquitetura é a sua;
# muda o nome de alguns parâmetros (o token de classe e as posições ficam fora do
# `patch_embed`, o MLP chama as camadas de `fc1` e `fc2`) e a atenção, que é uma só chamada a
# `F.scaled_dot_product_attention` (na GPU, kernels *flash*, que nunca materializam a matriz N×N
# de pesos). Renomeando as chaves, os pesos de um servem no outro.
#
# Falta um detalhe numérico: a `LayerNorm` divide por $\sqrt{\mathrm{var} + \varepsilon}$, e o `eps`
# não é o mesmo. O seu código usa o padrão do PyTorch, `nn.LayerNorm(dim)`, com `eps = 1e-5`; o ViT
# do `timm` usa `eps = 1e-6`, como o código original do ViT (em JAX). Com os mesmos pesos, os logits
# diferem por isso, e só por isso: a célula abaixo mede a diferença com os `eps` de cada um e depois
# com o `eps` do `timm` nas suas LayerNorms (o atributo `eps` de cada uma; o seu `__init__` não
# muda). Com os dois iguais, sobra o arredondamento de float32. Para treinar, tanto faz um ou outro;
# para dizer "o mesmo modelo", a conta precisa fechar. No fim, medimos a diferença de velocidade da
# atenção.

# %%
def to_timm_names(state):
    """Nomes dos parâmetros do nosso VisionTransformer -> os do VisionTransformer do timm."""
    renames = (("patch_embed.cls_token", "cls_token"), ("patch_embed.pos_embed", "pos_embed"),
               (".mlp.0.", ".mlp.fc1."), (".mlp.2.", ".mlp.fc2."))
    out = {}
    for name, value in state.items():
        for old, new in renames:
            name = name.replace(old, new)
        out[name] = value
    return out


def layernorm_eps(model):
    """Os valores de eps das LayerNorms de um modelo."""
    return sorted({m.eps for m in model.modules() if isinstance(m, nn.LayerNorm)})


def set_layernorm_eps(model, eps):
    """Troca o eps de todas as LayerNorms de `model` (os pesos não mudam)."""
    for m in model.modules():
        if isinstance(m, nn.LayerNorm):
            m.eps = eps
    return model


if not course_utils.is_grading():
    torch.manual_seed(0)
    mine = VisionTransformer(img_size=32, patch=4, num_classes=10, dim=64, depth=2, heads=4).eval()
    lib = build_vit(img_size=32, patch=4, num_classes=10, dim=64, depth=2, heads=4).eval()
    print("load_state_dict:", lib.load_state_dict(to_timm_names(mine.state_dict())))
    images = torch.randn(4, 3, 32, 32)
    with torch.no_grad():
        gap = float((mine(images) - lib(images)).abs().max())
        print(f"maior diferença entre os logits, eps {layernorm_eps(mine)} (o seu) e {layernorm_eps(lib)} (timm): "
              f"{gap:.1e}")
        set_layernorm_eps(mine, layernorm_eps(lib)[0])
        gap = float((mine(images) - lib(images)).abs().max())
        print(f"maior diferença entre os logits, o mesmo eps {layernorm_eps(mine)} nos dois: {gap:.1e}")

    n_tokens = 256 if course_utils.is_smoke() else 1024
    q = k = v = torch.randn(8, 6, n_tokens, 64, device=device)
    timings = {}
    for name, fn in (("a sua attention", attention), ("F.scaled_dot_product_attention", F.scaled_dot_product_attention)):
        fn(q, k, v)  # aquecimento
        if device.type == "cuda":
            torch.cuda.synchronize()
        start = time.perf_counter()
        for _ in range(5):
            fn(q, k, v)
        if device.type == "cuda":
            torch.cuda.synchronize()
        timings[name] = (time.perf_counter() - start) / 5 * 1e3
    for name, ms in timings.items():
        print(f"{name:>32}: {ms:7.2f} ms para {n_tokens} tokens")

# %% [markdown]
# ## Questão 6 — quantos parâmetros? (1,5 ponto)
#
# O README do experimento diz: `dim` 384, 8 blocos, 12 cabeças, patch 4, MLP 4×, CIFAR-100, e
# **37,9 milhões de parâmetros**. Um ViT "de livro" com essas medidas (`head_dim = 384 / 12 =
# 32`), que é o que a própria linha de comando do README monta, tem só **14,28 milhões**. De
# onde viria o resto? Conte com papel e lápis.
#
# Escreva `vit_num_params(...)`, o número de parâmetros do `VisionTransformer` acima, **sem
# construir o modelo**: some pesos e biases de cada camada. Os testes ocultos fazem falhar a
# criação de qualquer `nn.Module` (também no device `meta`) enquanto a sua função roda.
# Vale para quaisquer argumentos (`in_chans`, `head_dim`, um `mlp_ratio` fracionário...), e o
# resultado é um `int`.
#
# | peça | parâmetros |
# |---|---|
# | conv do patch embedding | `in_chans·patch·patch·dim + dim` |
# | token de classe, posições | `dim`, `(N + 1)·dim` |
# | em cada bloco: 2 LayerNorms, `qkv`, `proj`, MLP | ... (é com você) |
# | LayerNorm final, `head` | ... |

# %% answer param_count

# %% test param_count 0.5
def count(model):
    return sum(p.numel() for p in model.parameters())


with torch.device("meta"):  # só as formas: não gasta memória nem tempo
    small = build_vit(img_size=8, patch=4, num_classes=3, dim=8, depth=1, heads=2)  # o do timm, mesma arquitetura
check_equal(vit_num_params(img_size=8, patch=4, dim=8, depth=1, heads=2, mlp_ratio=4.0, num_classes=3), count(small),
            "parâmetros de um ViT minúsculo", hint="confira cada peça com [(n, p.numel()) for n, p in "
            "VisionTransformer(...).named_parameters()].")

# %% [markdown]
# E o modelo do README? O README não diz a largura das cabeças. Uma que faz a conta fechar é
# `head_dim = 192` (metade de `dim`, seis vezes a largura "de livro"): a atenção fica com largura
# 12·192 = 2304, e a conta chega a 37,9 M. É uma **reconstrução** nossa, a partir da contagem,
# não um dado do README:

# %% test param_count 1
seed_model = vit_num_params(img_size=32, patch=4, dim=384, depth=8, heads=12, head_dim=192, mlp_ratio=4,
                            num_classes=100)
print(f"modelo do README: {seed_model / 1e6:.2f} M parâmetros")
check_equal(round(seed_model / 1e6, 2), 37.92, "milhões de parâmetros do modelo do README",
            hint="a largura da atenção é heads · head_dim, e não dim.")

# %% [markdown]
# Para onde vão esses parâmetros? Quase tudo está nos blocos, e a atenção larga pesa mais que o
# MLP. Os embeddings e o classificador são migalhas.
#
# Nossa conta dá 37,92 M; o log do README imprime 37,94 M. Os ~22 mil parâmetros de diferença
# (0,06 %) viriam de algum detalhe do código original, que não temos (um LayerNorm ou um bias a
# mais, por exemplo). Fique claro o que é fato e o que é hipótese: o README dá `dim`, blocos,
# cabeças e a contagem; a largura 192 é a nossa explicação, a mais simples que encontramos para a
# contagem, e a linha de comando do README, tal como está, monta um modelo de 14,28 M. Para
# treinar o modelo reconstruído: `train_vit ... --model-dim 384 --heads 12 --head-dim 192`.

# %%
with torch.device("meta"):
    seed_vit = build_vit(img_size=32, patch=4, num_classes=100, dim=384, depth=8, heads=12, head_dim=192)
parts = {"embeddings": 0, "atenção (qkv + proj)": 0, "MLP": 0, "LayerNorms": 0, "classificador": 0}
for name, p in seed_vit.named_parameters():
    if name.startswith(("patch_embed", "cls_token", "pos_embed")):
        parts["embeddings"] += p.numel()
    elif ".attn." in name:
        parts["atenção (qkv + proj)"] += p.numel()
    elif ".mlp." in name:
        parts["MLP"] += p.numel()
    elif "norm" in name:
        parts["LayerNorms"] += p.numel()
    else:
        parts["classificador"] += p.numel()
plt.figure(figsize=(7, 3))
bars = plt.barh(list(parts), [v / 1e6 for v in parts.values()], color="tab:blue")
plt.bar_label(bars, fmt="%.2f M")
plt.xlabel("milhões de parâmetros")
plt.title(f"ViT do README, reconstruído (head_dim 192): {sum(parts.values()) / 1e6:.2f} M parâmetros")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## O treino original: 100 épocas, e o modelo decora
#
# O log do README em algumas épocas (a 1ª, uma a cada 10, a 39ª e a 92ª). Olhe a **loss de
# validação**: ela cai até a época 39 (1,8825, o mínimo do log) e depois **sobe**, enquanto a loss de
# treino continua caindo e a acurácia de treino passa de 50 % para 80 %. É na época 40 que a acurácia de treino passa a de
# validação pela primeira vez (51,16 % contra 49,89 %). O texto do README fala em *overfitting* "a
# partir da época 60, aproximadamente"; o próprio log mostra a virada na 39. A acurácia de validação
# ainda rasteja de 50 % a 54,8 % (o melhor valor, na época 92), mas o modelo está ficando confiante
# demais nos exemplos que viu. 37,9 M de parâmetros para 50 mil imagens, sem o viés indutivo de uma
# CNN (localidade, invariância à translação), e pouca regularização, ao que tudo indica (o README não
# diz que aumento de dados nem que *weight decay* usou): a rede tem capacidade de sobra para decorar.

# %%
readme_log = {  # época: (acurácia de treino %, acurácia de validação %, loss de validação)
    1: (3.47, 8.37, 4.0536), 10: (24.65, 33.34, 2.6068), 20: (33.74, 41.48, 2.2246), 30: (41.96, 46.78, 2.0115),
    39: (50.06, 50.12, 1.8825), 50: (61.31, 51.15, 1.9663), 60: (69.13, 53.37, 1.9906), 70: (74.61, 53.46, 2.0375),
    80: (77.82, 54.50, 2.0682), 92: (80.06, 54.84, 2.0922), 100: (80.57, 54.61, 2.0890),
}
epochs = list(readme_log)
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.5))
ax1.plot(epochs, [v[0] for v in readme_log.values()], marker="o", label="treino")
ax1.plot(epochs, [v[1] for v in readme_log.values()], marker="o", label="validação")
ax1.set_xlabel("época")
ax1.set_ylabel("acurácia (%)")
ax1.legend()
ax1.grid(alpha=0.3)
ax2.plot(epochs, [v[2] for v in readme_log.values()], marker="o", color="tab:orange")
ax2.axvline(39, color="gray", ls=":")
ax2.set_xlabel("época")
ax2.set_ylabel("loss de validação")
ax2.set_title("mínimo na época 39")
ax2.grid(alpha=0.3)
fig.suptitle("README: ViT 37,9 M no CIFAR-100")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## `train_vit`: o treinador de linha de comando
#
# Notebooks são ótimos para entender; para treinar por uma hora, um script é melhor: roda em
# segundo plano, em qualquer máquina, com um log e checkpoints que sobrevivem a uma queda da
# sessão. O `course_utils` instala o comando `train_vit` (também `python -m
# course_utils.train_vit`). Alguns pontos do seu desenho:
#
# * **o modelo:** por padrão, o `VisionTransformer` do `timm`; com `--model modulo:Classe`, a
#   classe que você der (na parte *Para ir além*, o **seu** `VisionTransformer`, como
#   `__main__:VisionTransformer`);
# * **três conjuntos:** `--val-fraction` (10 %) do treino fica de fora para a **validação**, que
#   escolhe o `best.pt`; o **teste** só é usado uma vez, no fim, para medir o `best.pt`. Escolher o
#   checkpoint pelo teste e depois relatar a acurácia de teste daria um número otimista: o teste
#   teria participado da escolha;
# * **GPU bem usada:** precisão mista (`--amp`: bf16 nas GPUs que o suportam nativamente, A100,
#   L4, H100; fp16 com *loss scaling* na T4), AdamW *fused* (um kernel para todos os
#   parâmetros), loss e acurácia somadas na própria GPU (sem sincronizar a cada passo) e
#   `--compile` opcional;
# * **dados na GPU:** o CIFAR inteiro vai para a memória da GPU uma vez, em uint8 (50 mil imagens
#   de 3·32·32 bytes: 154 MB o treino, 184 MB com o teste), e o aumento de dados (recorte,
#   espelhamento, TrivialAugment, *random erasing*, MixUp/CutMix) é feito num batch inteiro por vez,
#   lá mesmo (`--pipeline device`, o padrão; veja `course_utils.device_data`). O caminho clássico,
#   uma imagem por vez em *workers* do `DataLoader` (`--pipeline workers`), fica para pastas de
#   imagens. Medido com o `make bench` do curso numa CPU de 2 núcleos (o Colab também dá 2), com a
#   receita `better`: uns 4,1 mil imagens/s pelo caminho por imagem e 36 mil pelo caminho em batch,
#   na **mesma** CPU, 8,8 vezes mais (com a receita `seed`: 7,9 mil e 71 mil, 9,1 vezes). Numa GPU o
#   caminho em batch ainda não foi medido; o que se espera é que ele deixe de ser o gargalo;
# * **agenda:** *warm-up* linear (`--warmup-epochs`; Transformers divergem com passos grandes
#   logo no início) e depois decaimento em cosseno até `--min-lr`;
# * **saídas em `--outdir`:** `log.csv` (uma linha por época), `curves.png`, `last.pt` (toda
#   época), `best.pt` (melhor acurácia de validação) e `test.json` (o teste do `best.pt`);
# * **retomada exata:** `--resume` continua de `last.pt` com **todos** os estados aleatórios
#   restaurados (embaralhamento, aumento de dados, MixUp, *dropout*, CUDA): uma corrida
#   interrompida termina com os mesmos pesos que uma corrida inteira. `--stop-after N` para a
#   sessão depois de N épocas (útil no Colab, que desconecta), sem mudar a agenda;
# * **erros claros** para configurações impossíveis (`--model-dim` que não divide por
#   `--heads` sem `--head-dim`, `--img-size` que não divide por `--patch`...).
#
# ### Uma receita melhor
#
# O README dá o modelo e as épocas, mas não o otimizador, o *weight decay* nem o aumento de
# dados. `--recipe seed` é o nosso **palpite** para esse treino (AdamW com lr 10⁻³, *weight
# decay* 0,01, recorte e espelhamento), não uma cópia. `--recipe better` (o padrão) foi montada para
# atacar o *overfitting* que vimos acima; se ela consegue, é o que o treino abaixo vai medir:
#
# | o quê | seed (palpite) | better | por quê |
# |---|---|---|---|
# | aumento de dados | recorte + espelhamento | + TrivialAugment + RandomErasing | cada época vê imagens "novas" |
# | MixUp / CutMix | não | em 80 % dos batches | mistura imagens e rótulos: nada de certezas absolutas |
# | *label smoothing* | 0 | 0,1 | o alvo é 0,9 na classe certa: limita a confiança |
# | *stochastic depth* | 0 | 0,1 | desliga blocos inteiros ao acaso no treino |
# | *weight decay* | 0,01 | 0,05 | pesos menores, função mais suave |
#
# Qualquer opção dada explicitamente vence a receita. Veja a ajuda completa:

# %%
parser = train_vit.build_parser()
print(parser.format_help())

# %% [markdown]
# ### Treinando
#
# Abaixo, o mesmo ViT pequeno (dim 192, 6 blocos, 3 cabeças, ~2,7 M parâmetros) no CIFAR-10,
# com as duas receitas, pelo mesmo número de épocas. Estimativa, **não medida** numa T4: uma época
# de treino são uns 47 TFLOP de contas (1 GFLOP por imagem, 45 mil imagens); a T4 faz 65 TFLOP/s
# de pico em fp16, dos quais um modelo pequeno assim aproveita talvez 10 a 20 %, o que dá uns 4 a
# 8 s por época e, para as duas corridas de 25 épocas, uns 5 minutos. Com os dados na GPU, a CPU
# não deve ser o gargalo. O `train_vit` imprime os segundos de cada época: confira. No modo
# *smoke* o próprio `train_vit` encolhe o modelo e roda poucos passos; a correção automática pula o treino.

# %%
EPOCHS = 1 if course_utils.is_smoke() else 25
runs, tests = {}, {}
if not course_utils.is_grading():
    for recipe in ("seed", "better"):
        outdir = Path("runs") / f"vit_cifar10_{recipe}"
        argv = ["--dataset", "cifar10", "--model-dim", "192", "--depth", "6", "--heads", "3", "--batch-size", "256",
                "--epochs", str(EPOCHS), "--lr", "1e-3", "--warmup-epochs", "3", "--amp", "--recipe", recipe,
                "--outdir", str(outdir)]
        print("$ train_vit", " ".join(argv))
        train_vit.main(argv)  # o mesmo que rodar a linha acima em um terminal
        runs[recipe] = train_vit.read_log(outdir / "log.csv")
        tests[recipe] = json.loads((outdir / "test.json").read_text())

# %%
if runs:
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.5))
    for recipe, log in runs.items():
        ep = [row["epoch"] for row in log]
        line, = ax1.plot(ep, [100 * row["val_acc"] for row in log], marker=".", label=f"{recipe}: validação")
        ax1.plot(ep, [100 * row["train_acc"] for row in log], ls="--", color=line.get_color(), label=f"{recipe}: treino")
        ax2.plot(ep, [row["val_loss"] for row in log], marker=".", label=recipe)
        print(f"{recipe:>7}: melhor validação {100 * max(r['val_acc'] for r in log):.2f}% (época "
              f"{tests[recipe]['epoch']}) | teste desse checkpoint {100 * tests[recipe]['test_acc']:.2f}% | "
              f"{np.mean([r['seconds'] for r in log]):.1f} s por época")
    ax1.set_xlabel("época")
    ax1.set_ylabel("acurácia (%)")
    ax1.legend(fontsize=8)
    ax1.grid(alpha=0.3)
    ax2.set_xlabel("época")
    ax2.set_ylabel("loss de validação")
    ax2.legend()
    ax2.grid(alpha=0.3)
    fig.tight_layout()
    plt.show()

# %% [markdown]
# **O que esperar** (expectativas, não medições: estas duas corridas ainda não foram feitas numa T4;
# compare com os seus números). Com a receita `seed`, a acurácia de treino deve subir mais depressa
# e se descolar da de validação, e a loss de validação, parar de cair e voltar a subir em algum
# momento: o mesmo filme do log do README, em que a loss de validação teve o mínimo na época 39 e a
# corrida terminou com 80,57 % de acurácia de treino contra 54,61 % de validação (CIFAR-100, 100
# épocas, o modelo grande). Com `better`, a acurácia de **treino** deve ficar abaixo da de validação
# (o treino vê imagens deformadas e misturadas, e a acurácia de treino é medida nelas; a validação
# não) e a loss de validação, continuar caindo por mais épocas: se for assim, ainda há o que aprender,
# e mais épocas devem ajudar. Qual das duas chega mais alto em 25 épocas, não dá para afirmar de
# antemão: regularizar costuma custar no começo e render nos treinos longos. A acurácia de teste
# aparece uma vez por corrida, do checkpoint que a validação escolheu. No modo *smoke* (dados
# falsos, 2 passos) as curvas não querem dizer nada.
#
# ## Dentro do modelo treinado: diagnósticos (sem nota)
#
# Um checkpoint do `train_vit` vira um modelo com uma linha (`train_vit.load_model`). Aqui vamos um
# passo além: os pesos que o `timm` treinou com a receita `better` vão para o **seu**
# `VisionTransformer` (os nomes trocados de volta e o `eps` do `timm` nas LayerNorms), e tudo o que
# segue é calculado pelo seu código, a sua `attention` inclusive. Primeiro, a prova de que nada
# mudou: os logits do seu modelo e os do `timm` nas mesmas imagens. Tudo na **validação**: o teste
# já foi usado, uma vez, pelo próprio treinador. A correção automática pula esta parte; no modo
# *smoke* (modelo de brinquedo, dados falsos, dois passos de treino) as figuras não significam nada.

# %%
from course_utils.plots import most_confused, plot_confusion_matrix, plot_top_losses, to_image

CIFAR10_MEAN, CIFAR10_STD = train_vit.NORMALIZE["cifar10"]


def from_timm_names(state):
    """Nomes dos parâmetros do VisionTransformer do timm -> os do nosso (o inverso de to_timm_names)."""
    out = {}
    for name, value in state.items():
        if name in ("cls_token", "pos_embed"):
            name = "patch_embed." + name
        out[name.replace(".mlp.fc1.", ".mlp.0.").replace(".mlp.fc2.", ".mlp.2.")] = value
    return out


def my_vit_from_checkpoint(path):
    """(o seu VisionTransformer com os pesos de um checkpoint do train_vit, o modelo do checkpoint)."""
    trained = train_vit.load_model(path).eval()
    if isinstance(trained, VisionTransformer):  # o checkpoint já é do seu modelo (Para ir além)
        return trained, trained
    cfg = trained.vit_config
    model = VisionTransformer(img_size=cfg.img_size, patch=cfg.patch, in_chans=cfg.in_chans,
                              num_classes=cfg.num_classes, dim=cfg.dim, depth=cfg.depth, heads=cfg.heads,
                              head_dim=cfg.head_dim, mlp_ratio=cfg.mlp_ratio)
    model.load_state_dict(from_timm_names(trained.state_dict()))
    return set_layernorm_eps(model, layernorm_eps(trained)[0]).eval(), trained


@torch.no_grad()
def validation_predictions(model, cfg, batch_size=500):
    """(imagens normalizadas, rótulos, logits) de toda a validação do train_vit (a mesma divisão)."""
    args = train_vit.parse_args(["--dataset", "cifar10", "--img-size", str(cfg.img_size), "--patch", str(cfg.patch)])
    _, val_set, _, _ = train_vit.datasets_for(args)
    images, labels, logits = [], [], []
    for x, y in torch.utils.data.DataLoader(val_set, batch_size=batch_size):
        logits.append(model(x.to(device)).float().cpu())
        images.append(x)
        labels.append(y)
    return torch.cat(images), torch.cat(labels), torch.cat(logits)


diagnosed = None
best_ckpt = Path("runs") / "vit_cifar10_better" / "best.pt"
if not course_utils.is_grading() and best_ckpt.exists():
    my_model, timm_trained = (m.to(device) for m in my_vit_from_checkpoint(best_ckpt))
    val_x, val_y, val_logits = validation_predictions(my_model, timm_trained.vit_config)
    with torch.no_grad():
        batch = val_x[:64].to(device)
        gap = float((my_model(batch) - timm_trained(batch)).abs().max())
    val_pred = val_logits.argmax(1)
    diagnosed = my_model
    print(f"o seu VisionTransformer com os pesos do timm: maior diferença entre os logits {gap:.1e} | "
          f"acurácia na validação {100 * (val_pred == val_y).float().mean():.2f}% ({len(val_y)} imagens)")
    plot_confusion_matrix(val_y, val_pred, CIFAR10_CLASSES, normalize="true",
                          title="validação, receita better (linhas somam 1)")
    plt.show()
    print("os pares mais trocados (verdadeiro -> previsto: quantas imagens):")
    for true, pred, count in most_confused(val_y, val_pred, CIFAR10_CLASSES):
        print(f"  {true:>10} -> {pred:<10} {count}")

# %% [markdown]
# **Os piores erros.** Os erros da validação com a maior perda, isto é, com a menor probabilidade
# dada à classe verdadeira (`plot_top_losses`; o título dá verdadeiro / previsto, a perda e essa
# probabilidade). Em 32×32, alguns são imagens ambíguas ou rótulos
# discutíveis; outros mostram o que o modelo usa para decidir (o fundo, a cor dominante). A matriz de
# confusão acima diz quais pares ele troca; no CIFAR-10, é comum que gato e cachorro, e automóvel e
# caminhão, estejam entre os primeiros (uma expectativa: confira nos seus números).

# %%
if diagnosed is not None:
    plot_top_losses(val_x, val_logits, val_y, CIFAR10_CLASSES, k=8, mean=CIFAR10_MEAN, std=CIFAR10_STD)
    plt.show()

# %% [markdown]
# ### Para onde o token de classe olha: mapas de atenção
#
# Para ver a atenção, precisamos dos pesos `softmax(q kᵀ / √d)`, e a sua `attention` devolve
# `pesos @ v`. Um truque: com `v` igual à matriz identidade (N×N), `pesos @ I = pesos`. A função
# abaixo troca, só durante um `forward`, o `attn_fn` de cada bloco por um que chama a **sua**
# `attention` duas vezes: uma com o `v` de verdade (a saída do bloco não muda) e outra com a
# identidade, guardando os pesos.
#
# Duas leituras, para algumas imagens da validação: a linha do token de classe no **último bloco**
# (a média das cabeças), que diz de quais patches ele lê logo antes do classificador; e o
# ***attention rollout*** (Abnar e Zuidema, 2020), que multiplica as atenções de todos os blocos,
# somando a identidade a cada uma, com o mesmo peso, para contar o atalho residual (a aproximação do
# artigo). Num modelo
# pequeno, treinado 25 épocas em imagens de 32×32, os mapas são uma grade grossa de 8×8 e nem
# sempre caem sobre o objeto: são pistas, não explicações.

# %%
def attention_weights(model, images):
    """Pesos de atenção de cada bloco, (blocos, B, heads, N, N), calculados pela sua `attention`."""
    weights, originals = [], [block.attn.attn_fn for block in model.blocks]

    def recording(q, k, v):
        identity = torch.eye(k.shape[-2], device=q.device, dtype=q.dtype).expand(*k.shape[:-1], k.shape[-2])
        weights.append(attention(q, k, identity))  # pesos @ I = pesos
        return attention(q, k, v)

    for block in model.blocks:
        block.attn.attn_fn = recording
    try:
        with torch.no_grad():
            model(images)
    finally:  # o modelo volta ao que era, mesmo se algo falhar
        for block, fn in zip(model.blocks, originals):
            block.attn.attn_fn = fn
    return torch.stack(weights)


def attention_rollout(weights):
    """Attention rollout (Abnar e Zuidema, 2020): (blocos, B, heads, N, N) -> (B, N, N)."""
    identity = torch.eye(weights.shape[-1], device=weights.device)
    rollout = identity.expand_as(weights[0, :, 0])
    for block_weights in weights.mean(dim=2):  # média das cabeças, bloco por bloco
        mixed = 0.5 * block_weights + 0.5 * identity  # o atalho residual
        rollout = (mixed / mixed.sum(dim=-1, keepdim=True)) @ rollout
    return rollout


def show_attention(model, images, labels, title, n=6):
    """Imagem, a atenção do token de classe no último bloco e o rollout, para `n` imagens."""
    images = images[:n].to(device)
    weights = attention_weights(model, images)
    grid = math.isqrt(weights.shape[-1] - 1)
    maps = {"último bloco": weights[-1].mean(dim=1)[:, 0, 1:], "rollout": attention_rollout(weights)[:, 0, 1:]}
    fig, axes = plt.subplots(3, len(images), figsize=(1.9 * len(images), 6), squeeze=False)
    for j, image in enumerate(images):
        picture = to_image(image, CIFAR10_MEAN, CIFAR10_STD)
        axes[0, j].imshow(picture)
        axes[0, j].set_title(CIFAR10_CLASSES[labels[j]], fontsize=9)
        for i, (name, m) in enumerate(maps.items(), start=1):
            axes[i, j].imshow(picture)
            axes[i, j].imshow(m[j].reshape(grid, grid).float().cpu(), cmap="inferno", alpha=0.6,
                              extent=(-0.5, picture.shape[1] - 0.5, picture.shape[0] - 0.5, -0.5))
            if j == 0:
                axes[i, j].set_ylabel(name)
    for ax in axes.flat:
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle(title)
    fig.tight_layout()
    plt.show()


if diagnosed is not None:
    show_attention(diagnosed, val_x, val_y, "Atenção do token de classe (o seu código, pesos da receita better)")

# %% [markdown]
# ### O que os embeddings de posição aprenderam
#
# Nada no modelo diz que um patch fica logo abaixo de outro: os `pos_embed` começam aleatórios.
# Abaixo, para cada posição da grade (linha, coluna), o mapa da **similaridade de cosseno** do seu
# embedding com os de todas as outras posições. No artigo do ViT (Dosovitskiy et al., 2020, figura
# 7), treinado em muito mais dados, cada posição fica mais parecida com as vizinhas e com as da mesma
# linha e da mesma coluna: o modelo redescobre a geometria 2D da imagem. Veja se o seu, com 25 épocas
# de CIFAR-10, chegou lá. Para comparar, um modelo recém-criado: em cada mapa, só um ponto aceso (a
# própria posição, parecida consigo mesma), e o resto ruído.

# %%
def show_position_similarity(model, title):
    """Similaridade de cosseno entre os embeddings de posição dos patches, um mapa por posição."""
    pos = F.normalize(model.patch_embed.pos_embed[0, 1:].detach().float().cpu(), dim=-1)  # (N, dim), sem o de classe
    grid = math.isqrt(len(pos))
    similarity = (pos @ pos.T).reshape(grid, grid, grid, grid).numpy()
    side = grid * (grid + 1) - 1  # os mapas lado a lado, separados por uma linha vazia
    mosaic = np.full((side, side), np.nan)
    for r in range(grid):
        for c in range(grid):
            mosaic[r * (grid + 1):r * (grid + 1) + grid, c * (grid + 1):c * (grid + 1) + grid] = similarity[r, c]
    fig, ax = plt.subplots(figsize=(5.2, 4.6))
    shown = ax.imshow(mosaic, cmap="viridis", vmin=-1, vmax=1)
    fig.colorbar(shown, ax=ax, label="similaridade de cosseno")
    ax.set_xticks([(grid + 1) * c + grid / 2 - 0.5 for c in range(grid)], range(grid))
    ax.set_yticks([(grid + 1) * r + grid / 2 - 0.5 for r in range(grid)], range(grid))
    ax.set_xlabel("coluna do patch")
    ax.set_ylabel("linha do patch")
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    plt.show()


if diagnosed is not None:
    show_position_similarity(diagnosed, "pos_embed depois do treino (receita better)")
    torch.manual_seed(0)
    cfg = timm_trained.vit_config
    show_position_similarity(VisionTransformer(img_size=cfg.img_size, patch=cfg.patch, dim=cfg.dim, depth=1,
                                               heads=cfg.heads), "pos_embed de um modelo recém-criado")

# %% [markdown]
# # Para ir além (sem nota)
#
# O que segue não vale pontos nem cabe no horário do lab; a correção automática pula tudo. Com GPU,
# o seu ViT no treinador leva uns 5 a 10 minutos numa T4 (**estimativa**); o modelo grande do README,
# cerca de 2 horas numa L4 por corrida.
#
# ### O seu ViT no treinador
#
# `--model __main__:VisionTransformer` faz o `train_vit` montar e treinar a **sua** classe (ela
# recebe as opções que o seu `__init__` aceita: `img_size`, `patch`, `dim`, `depth`, `heads`,
# `head_dim`, `mlp_ratio`, `num_classes`). A sua atenção materializa a matriz N×N, então é mais
# lenta que a do `timm`, mas com 65 tokens isso pesa pouco. O seu modelo não tem *dropout* nem
# *stochastic depth*: o treinador avisa e segue sem eles. A corrida abaixo usa as mesmas 25 épocas e
# a mesma receita `better` da corrida do `timm`. Compare as duas sabendo o que muda: o *stochastic
# depth*, a inicialização dos pesos (o `timm` sorteia as camadas lineares e as posições de uma
# normal truncada de desvio 0,02; o seu modelo usa a inicialização padrão do PyTorch) e o `eps` das
# LayerNorms. Depois, os diagnósticos no seu modelo treinado.

# %%
if not course_utils.is_grading():
    argv = ["--model", "__main__:VisionTransformer", "--dataset", "cifar10", "--model-dim", "192", "--depth", "6",
            "--heads", "3", "--batch-size", "256", "--epochs", str(EPOCHS), "--lr", "1e-3", "--warmup-epochs", "3",
            "--amp", "--recipe", "better", "--outdir", "runs/vit_cifar10_mine"]
    print("$ train_vit", " ".join(argv))
    train_vit.main(argv)

# %%
mine_ckpt = Path("runs") / "vit_cifar10_mine" / "best.pt"
if not course_utils.is_grading() and mine_ckpt.exists():
    own_model, _ = my_vit_from_checkpoint(mine_ckpt)
    own_model = own_model.to(device)
    own_x, own_y, _ = validation_predictions(own_model, own_model.vit_config)
    for name, folder in (("o seu ViT", "vit_cifar10_mine"), ("o do timm", "vit_cifar10_better")):
        result = json.loads((Path("runs") / folder / "test.json").read_text())
        print(f"{name:>10} (better): melhor validação {100 * result['val_acc']:.2f}% (época {result['epoch']}) | "
              f"teste {100 * result['test_acc']:.2f}%")
    show_attention(own_model, own_x, own_y, "Atenção do token de classe (o seu ViT, treinado por você)")
    show_position_similarity(own_model, "pos_embed do seu ViT, depois do treino")

# %% [markdown]
# ### O modelo grande do README
#
# As duas linhas de comando do README, para uma GPU maior (L4, A100...). A primeira, tal como
# está, monta 14,28 M de parâmetros; com `--head-dim 192` (a nossa reconstrução), 37,9 M. O log do
# README dá de 65 a 68 s por época numa L4: umas 2 horas para as 100 épocas. Rode com
# `--recipe seed` e com `--recipe better` e compare com os 54,84 % e com a virada da época 39:
#
# ```
# # CIFAR-100, o modelo grande (acrescente --head-dim 192 para os 37,9 M)
# train_vit --dataset cifar100 --img-size 32 --patch 4 --model-dim 384 --depth 8 --heads 12 \
#     --mlp-ratio 4 --batch-size 256 --epochs 100 --amp --recipe seed --outdir runs/vit_cifar100_seed
# # CIFAR-10, um modelo menor (dim 256, 6 blocos, 8 cabeças, 50 épocas)
# train_vit --dataset cifar10 --depth 6 --heads 8 --model-dim 256 --epochs 50 --amp --recipe seed \
#     --outdir runs/vit_cifar10_small
# ```
#
# ### Outras ideias
#
# * Interrompa uma corrida com `--stop-after 3`, continue com `--resume` e confira, no `log.csv`,
#   que ela terminou igual a uma corrida inteira.
# * Patches menores (`--patch 2`) dão 256 tokens: a atenção custa 16 vezes mais, e a acurácia?
# * Em vez do token de classe, use a média dos tokens (*global average pooling*) no `forward`.

# %% [markdown]
# ## Modelos de linguagem (ChatGPT e afins)
#
# **Pode:** usar um modelo de linguagem como usaria um livro ou um monitor: para entender um
# conceito, uma mensagem de erro ou a documentação de uma função (PyTorch, `timm`).
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
